/*
 * Shared code of the hostile test plugins launder.c and pinkek.c, which answer "XX00" and then the host result of
 * each step they try, so that a host test sees which host call refused the attack. Include after hsm_fields.h.
 */
#ifndef HOSTILE_H
#define HOSTILE_H

#include <stdint.h>

/* Appends a host result as a sign and three digits ("+033", "-029"), 999 at most. */
static void put_result(hsm_reply *r, int32_t result)
{
    uint8_t *space = hsm_reply_space(r, 4);
    if (!space) {
        return;
    }
    uint32_t magnitude = result < 0 ? (uint32_t)(-(int64_t)result) : (uint32_t)result;
    if (magnitude > 999u) {
        magnitude = 999u;
    }
    space[0] = (uint8_t)(result < 0 ? '-' : '+');
    space[1] = (uint8_t)('0' + magnitude / 100u);
    space[2] = (uint8_t)('0' + magnitude / 10u % 10u);
    space[3] = (uint8_t)('0' + magnitude % 10u);
}

#endif
