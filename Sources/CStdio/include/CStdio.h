#ifndef CSTDIO_H
#define CSTDIO_H

/// Makes the C `stdout` stream (which Swift's `print` writes through)
/// unbuffered, so that what a process printed survives a crash. Swift 6
/// cannot name the C global `stdout` directly; this shim does it in C.
void cstdio_unbuffer_stdout(void);

#endif
