/* BER normalisation (see ber.h). */
#include "crypto/ber.h"

#include <errno.h>
#include <stdbool.h>

#include "crypto/der.h"

enum { MAX_DEPTH = 32 };

/* Reads an identifier and length; *indefinite for the 0x80 form. */
static int header(struct der *in, uint8_t *tag, size_t *len, bool *indefinite)
{
	size_t n;

	if (in->len < 2 || (in->ptr[0] & 0x1f) == 0x1f)
		return -EINVAL;
	*tag = in->ptr[0];
	n = in->ptr[1];
	in->ptr += 2;
	in->len -= 2;
	*indefinite = n == 0x80;
	if (*indefinite) {
		if (!(*tag & 0x20))
			return -EINVAL;
		*len = 0;
		return 0;
	}
	if (n & 0x80) {
		size_t nbytes = n & 0x7f;
		if (nbytes > 4 || in->len < nbytes)
			return -EINVAL;
		n = 0;
		for (size_t i = 0; i < nbytes; i++)
			n = n << 8 | in->ptr[i];
		in->ptr += nbytes;
		in->len -= nbytes;
	}
	if (n > in->len)
		return -EINVAL;
	*len = n;
	return 0;
}

static bool at_eoc(const struct der *in)
{
	return in->len >= 2 && in->ptr[0] == 0 && in->ptr[1] == 0;
}

/* Converts one element from in; chunks of a constructed OCTET STRING are
 * appended raw to out when flatten is set. */
static int convert(struct der *in, struct der_out *out, int depth, bool flatten)
{
	uint8_t tag;
	size_t len;
	bool indefinite;
	struct der body;
	int err;

	if (depth > MAX_DEPTH)
		return -EINVAL;
	if ((err = header(in, &tag, &len, &indefinite)))
		return err;
	if (flatten && (tag & ~0x20) != DER_OCTET_STRING)
		return -EINVAL;
	if (!(tag & 0x20)) {
		if (flatten)
			der_put_raw(out, in->ptr, len);
		else
			der_put(out, tag, in->ptr, len);
		in->ptr += len;
		in->len -= len;
		return 0;
	}
	body = indefinite ? *in : DER(in->ptr, len);
	if (tag == (DER_OCTET_STRING | 0x20) && !flatten) {
		struct der_out chunks = { 0 };
		uint8_t *flat;
		size_t flat_len;
		while (indefinite ? !at_eoc(&body) : body.len > 0) {
			if ((err = convert(&body, &chunks, depth + 1, true))) {
				der_out_free(&chunks);
				return err;
			}
		}
		if ((err = der_out_take(&chunks, &flat, &flat_len)))
			return err;
		der_put(out, DER_OCTET_STRING, flat, flat_len);
		der_out_free(&(struct der_out){ flat, flat_len, flat_len, false });
	} else if (flatten) {
		while (indefinite ? !at_eoc(&body) : body.len > 0)
			if ((err = convert(&body, out, depth + 1, true)))
				return err;
	} else {
		size_t mark = der_open(out, tag);
		while (indefinite ? !at_eoc(&body) : body.len > 0)
			if ((err = convert(&body, out, depth + 1, false)))
				return err;
		der_close(out, mark);
	}
	if (indefinite) {
		if (!at_eoc(&body))
			return -EINVAL;
		*in = DER(body.ptr + 2, body.len - 2);
	} else {
		in->ptr += len;
		in->len -= len;
	}
	return 0;
}

int ber_to_der(const uint8_t *in, size_t len, uint8_t **out, size_t *out_len)
{
	struct der cursor = DER(in, len);
	struct der_out der = { 0 };
	int err = convert(&cursor, &der, 0, false);

	if (!err && cursor.len)
		err = -EINVAL;
	if (err) {
		der_out_free(&der);
		return err;
	}
	return der_out_take(&der, out, out_len);
}
