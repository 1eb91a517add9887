/* Test plugin ZM (response ZN), version 2.0.0: replies "ZN00V2" + the request's data. See version.h. */
#define VERSION '2'
#include "version.h"
