#include "CStdio.h"
#include <stdio.h>

void cstdio_unbuffer_stdout(void) {
    setvbuf(stdout, NULL, _IONBF, 0);
}
