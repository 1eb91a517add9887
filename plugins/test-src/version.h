/*
 * Shared code of the test plugins version1.c and version2.c, which both serve command ZM (response ZN) and differ
 * only in their version (metadata 1.0.0 / 2.0.0), so host tests can replace one with the other and see which
 * one answers. Define VERSION as a character ('1', '2') before including this header.
 *
 * Request: "ZM" + any data. Reply: "ZN00V" + VERSION + the data.
 */
#ifndef VERSION_H
#define VERSION_H

#include "hsm_plugin.h"

HSM_EXPORT("Execute")
int64_t execute(const uint8_t *request, int32_t length)
{
    int32_t data_length = length > 2 ? length - 2 : 0;
    uint8_t *reply = hsm_alloc(6 + data_length);
    if (reply == 0) {
        return hsm_error_reply("ZN", HSM_ERR_INTERNAL_ERROR);
    }
    reply[0] = 'Z';
    reply[1] = 'N';
    reply[2] = HSM_ERR_NO_ERROR[0];
    reply[3] = HSM_ERR_NO_ERROR[1];
    reply[4] = 'V';
    reply[5] = VERSION;
    for (int32_t i = 0; i < data_length; i++) {
        reply[6 + i] = request[2 + i];
    }

    return hsm_pack(reply, (uint32_t)(6 + data_length));
}

#endif
