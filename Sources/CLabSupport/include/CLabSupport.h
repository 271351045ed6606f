#ifndef CLABSUPPORT_H
#define CLABSUPPORT_H

/// Small C shims for what Swift cannot call directly.

/// Makes the C `stdout` stream (which Swift's `print` writes through)
/// unbuffered, so that what a process printed survives a crash. Swift 6
/// cannot name the C global `stdout` directly.
void clabsupport_unbuffer_stdout(void);

/// Linux: makes this process the "subreaper" of its descendants, so that
/// processes orphaned by a crashed child are re-parented to us and can be
/// found and stopped. Returns 0 on success, -1 where unsupported (macOS).
/// (prctl is variadic, which Swift cannot call.)
int clabsupport_become_subreaper(void);

#endif
