/*
 * Test plugin: answers any command code with its response code, error 00 and the request's data.
 *
 * Used by the reload tests as a new command: copied in under any code XX, it answers XX... with XY00...
 * The response code follows the host's rule (second character plus one; 9, Z and z wrap within their class).
 */
#include "hsm_plugin.h"

HSM_DESCRIPTION("Echo under any command code")

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
    uint8_t *reply = hsm_alloc(length + 2);
    if (reply == 0) {
        return hsm_error_reply("??", "41");
    }
    reply[0] = request[0];
    reply[1] = next_code(request[1]);
    reply[2] = '0';
    reply[3] = '0';
    for (int32_t i = 2; i < length; i++) {
        reply[i + 2] = request[i];
    }

    return hsm_pack(reply, (uint32_t)(length + 2));
}
