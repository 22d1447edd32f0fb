#include "cduktape.h"
