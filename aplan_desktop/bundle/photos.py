"""Making phone photos small enough to email: long side 1600 px, JPEG quality 75.

Pillow is imported only here, when a photo is recompressed; reading bundles does not need it.
"""

from __future__ import annotations

import io
import struct

PHOTO_LONG_SIDE = 1600
PHOTO_QUALITY = 75


def recompress_photo(data: bytes, long_side: int = PHOTO_LONG_SIDE, quality: int = PHOTO_QUALITY) -> bytes:
    """A JPEG or PNG bigger than `long_side` pixels, scaled down and saved as JPEG; anything else as is.

    The EXIF orientation is applied to the pixels, and the other EXIF data (camera, GPS position)
    is not copied. When the result would not be smaller, or the file cannot be read as an image,
    the original bytes come back unchanged.
    """
    try:
        from PIL import Image, ImageOps
    except ImportError:
        return data
    try:
        with Image.open(io.BytesIO(data)) as opened:
            if opened.format not in ("JPEG", "PNG") or max(opened.size) <= long_side:
                return data
            image = ImageOps.exif_transpose(opened)
            if image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info):
                rgba = image.convert("RGBA")
                background = Image.new("RGB", rgba.size, (255, 255, 255))
                background.paste(rgba, mask=rgba.getchannel("A"))
                image = background
            elif image.mode != "RGB":
                image = image.convert("RGB")
            image.thumbnail((long_side, long_side), Image.Resampling.LANCZOS)
            out = io.BytesIO()
            image.save(out, "JPEG", quality=quality, optimize=True)
    except (OSError, ValueError, SyntaxError, EOFError, struct.error, Image.DecompressionBombError):
        return data
    result = out.getvalue()
    return result if len(result) < len(data) else data
