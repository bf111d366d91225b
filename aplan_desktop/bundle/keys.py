"""Ed25519 signing keys for bundles, and the fingerprint people compare over the phone.

A body keeps one 32-byte seed (its private key); the public key goes into every manifest it
signs. Whether a public key really belongs to the sender is for the receiver to decide (it
registers the key once, after comparing the fingerprint printed on the cover letter); this
module only signs and checks signatures.
"""

from __future__ import annotations

import hashlib

from nacl.exceptions import CryptoError
from nacl.signing import SigningKey, VerifyKey

SEED_SIZE = 32
PUBLIC_KEY_SIZE = 32
SIGNATURE_SIZE = 64
FINGERPRINT_BYTES = 10


def _seed(seed: bytes) -> bytes:
    if not isinstance(seed, (bytes, bytearray)) or len(seed) != SEED_SIZE:
        raise ValueError(f"a signing seed is {SEED_SIZE} bytes")
    return bytes(seed)


def generate_key() -> bytes:
    """A new private key: a 32-byte seed from the operating system's random source."""
    return SigningKey.generate().encode()


def public_key(seed: bytes) -> bytes:
    """The 32-byte Ed25519 public (verify) key of a seed."""
    return SigningKey(_seed(seed)).verify_key.encode()


def fingerprint(public_key: bytes) -> str:
    """The first 10 bytes of sha256(public key) as 5 groups of 4 hex digits: "3F2A-9C1B-07D4-E5A0-11BC"."""
    if not isinstance(public_key, (bytes, bytearray)) or len(public_key) != PUBLIC_KEY_SIZE:
        raise ValueError(f"a public key is {PUBLIC_KEY_SIZE} bytes")
    digits = hashlib.sha256(bytes(public_key)).hexdigest()[: FINGERPRINT_BYTES * 2].upper()
    return "-".join(digits[i:i + 4] for i in range(0, len(digits), 4))


def sign(seed: bytes, message: bytes) -> bytes:
    """The raw 64-byte signature of `message`."""
    return SigningKey(_seed(seed)).sign(bytes(message)).signature


def verify(public_key: bytes, message: bytes, signature: bytes) -> bool:
    """True when `signature` is `public_key`'s signature of exactly `message`; never raises."""
    if len(public_key) != PUBLIC_KEY_SIZE or len(signature) != SIGNATURE_SIZE:
        return False
    try:
        VerifyKey(bytes(public_key)).verify(bytes(message), bytes(signature))
    except (CryptoError, ValueError, TypeError):
        return False
    return True
