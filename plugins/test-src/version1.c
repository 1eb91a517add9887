/* Test plugin ZM (response ZN), version 1.0.0: replies "ZN00V1" + the request's data. See version.h. */
#define VERSION '1'
#include "version.h"
