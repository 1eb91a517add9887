/*
 * XX: a template for a command plugin (plugin ABI v1, see docs/plugin-abi.md and README.md beside this file).
 *
 * Request: "XX" + flag (2N, any two digits) + data (any bytes, possibly none).
 * Reply: "XY" "00" + the flag + the data, i.e. everything after the command code, echoed.
 * Error 15 if the flag is missing or is not two digits.
 *
 * Copy this file as YOURCODE.c, change the command and response codes below and in the .meta file, and replace
 * the body of execute with your command.
 */
#include "hsm_plugin.h" /* alloc, reset, hsm_config, the HSM_ERR_ error codes and small helpers; no libc. */

/* The response code is the command code with its second character incremented (XX -> XY, NC -> ND). */
#define RESPONSE "XY"

/* Length of the fixed field after the command code. */
#define FLAG_LENGTH 2

/*
 * Execute is called once per request. request points at length bytes: the 2-byte command code followed by the
 * command's data, exactly as the client sent them (the host has already removed the message header and
 * trailer). The function returns hsm_pack(reply, reply_length); the reply is the response code, the 2-digit error
 * code, then the response data. Memory from hsm_alloc (and the reply) stays valid until the host calls reset.
 */
HSM_EXPORT("Execute")
int64_t execute(const uint8_t *request, int32_t length)
{
    /*
     * Fixed field: check that it is there and well formed before reading it. Error codes are the HSM_ERR_
     * constants of hsm_errors.h, never literals: HSM_ERR_INVALID_INPUT is 15, invalid input data.
     */
    if (length < 2 + FLAG_LENGTH || hsm_parse_decimal(request + 2, FLAG_LENGTH) < 0) {
        return hsm_error_reply(RESPONSE, HSM_ERR_INVALID_INPUT);
    }

    /* Everything after the command code is echoed: the flag and the data. */
    int32_t data_length = length - 2;
    uint8_t *reply = hsm_alloc(4 + data_length);
    if (reply == 0) {
        return hsm_error_reply(RESPONSE, HSM_ERR_INTERNAL_ERROR); /* 41: memory cannot grow. */
    }
    reply[0] = RESPONSE[0];
    reply[1] = RESPONSE[1];
    /* The error code of a reply that carries data: 00. */
    reply[2] = HSM_ERR_NO_ERROR[0];
    reply[3] = HSM_ERR_NO_ERROR[1];
    for (int32_t i = 0; i < data_length; i++) {
        reply[4 + i] = request[2 + i];
    }

    return hsm_pack(reply, (uint32_t)(4 + data_length));
}
