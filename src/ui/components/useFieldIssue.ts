import { useApp } from '../../state/context';

/** The problem with config field `field` (local validation or the worker's), or undefined. */
export function useFieldIssue(field: string | undefined): string | undefined {
  return useApp((s) => {
    if (!field) return undefined;
    const local = s.configIssues.find((i) => i.field === field);
    if (local) return local.message;
    return s.workerFieldErrors.includes(field) ? `The worker refused ${field}; see the message above.` : undefined;
  });
}
