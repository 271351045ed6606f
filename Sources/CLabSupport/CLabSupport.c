#include "CLabSupport.h"
#include <stdio.h>
#ifdef __linux__
#include <sys/prctl.h>
#endif

void clabsupport_unbuffer_stdout(void) {
    setvbuf(stdout, NULL, _IONBF, 0);
}

int clabsupport_become_subreaper(void) {
#ifdef __linux__
    return prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0);
#else
    return -1;
#endif
}
