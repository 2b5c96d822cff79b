/* cursor.h - the bounds-checked cursor every dissector reads through
 * (tcpdump's GET_ macros as a type): no read goes past the captured
 * bytes, and a short read is a flag, not a crash or a longjmp.
 */
#ifndef OVTSH_CURSOR_H
#define OVTSH_CURSOR_H

#include <stdbool.h>
#include <stdint.h>

/* Every read is checked against the captured length; a short read sets the
 * sticky flag short_read and returns 0, so a dissector reads its whole
 * header and tests the flag once. */
struct dec_cur {
	const uint8_t *p;
	uint32_t len;          /* captured bytes from p */
	uint32_t off;
	uint32_t end;          /* declared end of the current payload (IP and
				  UDP lengths), may lie past len */
	bool short_read;
};

static inline void dec_cur_init(struct dec_cur *c, const uint8_t *p,
				uint32_t len)
{
	c->p = p;
	c->len = len;
	c->end = len;
	c->off = 0;
	c->short_read = false;
}

static inline uint32_t dec_left(const struct dec_cur *c)
{
	return c->len - c->off;
}

/* Claim n bytes: a pointer to them, or NULL (and short_read) past the end. */
static inline const uint8_t *dec_take(struct dec_cur *c, uint32_t n)
{
	const uint8_t *q;

	if (n > dec_left(c)) {
		c->short_read = true;
		c->off = c->len;
		return NULL;
	}
	q = c->p + c->off;
	c->off += n;
	return q;
}

static inline uint8_t dec_u8(struct dec_cur *c)
{
	const uint8_t *q = dec_take(c, 1);

	return q ? q[0] : 0;
}

static inline uint16_t dec_be16(struct dec_cur *c)
{
	const uint8_t *q = dec_take(c, 2);

	return q ? (uint16_t)(q[0] << 8 | q[1]) : 0;
}

static inline uint32_t dec_be32(struct dec_cur *c)
{
	const uint8_t *q = dec_take(c, 4);

	return q ? (uint32_t)q[0] << 24 | (uint32_t)q[1] << 16 |
			   (uint32_t)q[2] << 8 | q[3] : 0;
}

/* Copy n bytes into dst (zeroes on a short read). */
static inline void dec_copy(struct dec_cur *c, void *dst, uint32_t n)
{
	const uint8_t *q = dec_take(c, n);
	uint8_t *d = dst;
	uint32_t i;

	for (i = 0; i < n; i++)
		d[i] = q ? q[i] : 0;
}

static inline void dec_skip(struct dec_cur *c, uint32_t n)
{
	(void)dec_take(c, n);
}

#endif
