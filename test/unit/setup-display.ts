/**
 * Every unit test starts from a fast, untimed display. The page times its own
 * frames (src/ui/display/displayPace.ts) and, once they look slow, holds live
 * views for a shared slot for good; happy-dom's animation frames are timers,
 * and on a loaded machine a few late ones could turn that on for the rest of
 * a file. Tests of the slow pace set it themselves.
 */
import { beforeEach } from 'vitest';
import { displayPace } from '../../src/ui/display/displayPace';

beforeEach(() => displayPace.reset());
