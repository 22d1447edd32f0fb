#ifndef CDUKTAPE_H
#define CDUKTAPE_H
#include <duktape.h>
#endif
