"""A GitHub App private key for tests and benchmarks against the simulator."""

from __future__ import annotations

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa


def private_pem() -> str:
    """A fresh 2048-bit RSA key in PEM (PKCS#8), as GitHub hands an App's private key out."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode("ascii")
