// glibc malloc tuning (mallopt), for the server process.
#include <malloc.h>
