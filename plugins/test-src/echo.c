/*
 * Test plugin ZG (response ZH): answers with the response code of the request's command code, error 00 and the
 * request's data, so "ZGabc" gives "ZH00abc". Metadata in echo.meta.
 *
 * The reply's response code is computed from the request (second character plus one; 9, Z and z wrap within
 * their class), not fixed to ZH, so the same code answers correctly under another code if a test gives it other
 * metadata. The host itself only loads it as ZG.wasm, since its metadata says command=ZG.
 */
#include "hsm_plugin.h"

static uint8_t next_code(uint8_t c)
{
    if (c == '9') {
        return '0';
    }
    if (c == 'Z') {
        return 'A';
    }
    if (c == 'z') {
        return 'a';
    }

    return (uint8_t)(c + 1);
}

HSM_EXPORT("Execute")
int64_t execute(uint8_t *request, int32_t length)
{
    if (length < 2) {
        return hsm_error_reply("ZH", HSM_ERR_INVALID_INPUT);
    }
    uint8_t *reply = hsm_alloc(length + 2);
    if (reply == 0) {
        return hsm_error_reply("ZH", HSM_ERR_INTERNAL_ERROR);
    }
    reply[0] = request[0];
    reply[1] = next_code(request[1]);
    reply[2] = HSM_ERR_NO_ERROR[0];
    reply[3] = HSM_ERR_NO_ERROR[1];
    for (int32_t i = 2; i < length; i++) {
        reply[i + 2] = request[i];
    }

    return hsm_pack(reply, (uint32_t)(length + 2));
}
