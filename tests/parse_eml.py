#!/usr/bin/env python3
"""Reads an email (a .eml file, or a message the test server received) with Python's own
`email` package, strictly, and prints what handout's tests check, as JSON: headers (decoded),
the text body, and each attachment (file name, type, bytes in base64), plus any defects the
parser found."""

import email
import email.policy
import json
import sys

raw = open(sys.argv[1], "rb").read()
msg = email.message_from_bytes(raw, policy=email.policy.strict)
body = msg.get_body(("plain",))
out = {
    "headers": {k: str(v) for k, v in msg.items()},
    "content_type": msg.get_content_type(),
    "body": body.get_content() if body is not None else None,
    "body_type": body["Content-Type"] if body is not None else None,
    "attachments": [
        {
            "filename": a.get_filename(),
            "content_type": a.get_content_type(),
            "hex": a.get_content().hex(),
        }
        for a in msg.iter_attachments()
    ],
    "defects": [str(d) for part in msg.walk() for d in part.defects],
    "crlf_only": b"\n" not in raw.replace(b"\r\n", b""),
}
json.dump(out, sys.stdout)
