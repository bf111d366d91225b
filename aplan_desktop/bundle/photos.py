"""Photos as they leave in a bundle: small enough to e-mail, and showing nothing but the picture.

A photo longer than 1600 px is decoded at the smallest scale that still gives that size (a
JPEG is decoded at 1/2, 1/4 or 1/8 of its size directly, `Image.draft`, which is most of the
time saved), resized once and saved as JPEG quality 75. Every photo, small ones too, leaves
without its metadata: the EXIF block with the GPS position, the camera and the time, XMP,
IPTC and comments. Its orientation is applied to the pixels, and its colour profile kept.

Pillow is imported only here, when a photo is recompressed; reading bundles does not need it.
"""

from __future__ import annotations

import io
import struct

PHOTO_LONG_SIDE = 1600
PHOTO_QUALITY = 75
ORIENTATION = 0x0112  # the EXIF tag
# MPO is the JPEG some phones write with a second picture (a preview, a depth map) appended.
_PHOTO_FORMATS = ("JPEG", "MPO", "PNG")


def recompress_photo(data: bytes, long_side: int = PHOTO_LONG_SIDE, quality: int = PHOTO_QUALITY) -> bytes:
    """A JPEG or PNG as it goes into a bundle; anything else (and a file that cannot be read as
    an image) comes back unchanged.

    Bigger than `long_side` pixels: scaled down and saved as JPEG. Smaller: saved again in its
    own format (a JPEG with its own quantisation tables, so it looks the same and keeps about
    its size; a PNG losslessly). Either way without metadata, the EXIF orientation applied.
    """
    try:
        from PIL import Image
    except ImportError:
        return data
    try:
        with Image.open(io.BytesIO(data)) as opened:
            if opened.format not in _PHOTO_FORMATS:
                return data
            if max(opened.size) > long_side:
                return _scaled_down(opened, long_side, quality)
            return _without_metadata(opened)
    except (OSError, ValueError, SyntaxError, EOFError, struct.error, Image.DecompressionBombError):
        return data


def _scaled_down(opened, long_side: int, quality: int) -> bytes:
    from PIL import Image

    width, height = opened.size
    scale = long_side / max(width, height)
    size = (max(1, round(width * scale)), max(1, round(height * scale)))
    orientation = opened.getexif().get(ORIENTATION)
    icc_profile = opened.info.get("icc_profile")
    opened.draft("RGB", size)  # a JPEG decodes at the smallest 1/2^n that is still at least `size`
    image = _flattened(opened).resize(size, Image.Resampling.LANCZOS)
    out = io.BytesIO()
    _upright(image, orientation).save(out, "JPEG", quality=quality, optimize=True, icc_profile=icc_profile,
                                      comment=b"")
    return out.getvalue()


def _without_metadata(opened) -> bytes:
    from PIL import JpegImagePlugin

    orientation = opened.getexif().get(ORIENTATION)
    image = _upright(opened, orientation)
    out = io.BytesIO()
    if opened.format == "PNG":
        image.save(out, "PNG", icc_profile=opened.info.get("icc_profile"))
        return out.getvalue()
    if image.mode not in ("RGB", "L"):
        image = image.convert("RGB")
    sampling = JpegImagePlugin.get_sampling(opened)
    image.save(out, "JPEG", qtables=opened.quantization, optimize=True, icc_profile=opened.info.get("icc_profile"),
               comment=b"", **({"subsampling": sampling} if sampling >= 0 and image.mode == "RGB" else {}))
    return out.getvalue()


def _flattened(image):
    """RGB pixels; a transparent PNG on white, as it looks on a page."""
    from PIL import Image

    if image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info):
        rgba = image.convert("RGBA")
        background = Image.new("RGB", rgba.size, (255, 255, 255))
        background.paste(rgba, mask=rgba.getchannel("A"))
        return background
    return image if image.mode == "RGB" else image.convert("RGB")


def _upright(image, orientation: int | None):
    """The picture turned as the camera's EXIF orientation says it is to be shown."""
    from PIL import Image

    turn = {2: Image.Transpose.FLIP_LEFT_RIGHT, 3: Image.Transpose.ROTATE_180, 4: Image.Transpose.FLIP_TOP_BOTTOM,
            5: Image.Transpose.TRANSPOSE, 6: Image.Transpose.ROTATE_270, 7: Image.Transpose.TRANSVERSE,
            8: Image.Transpose.ROTATE_90}.get(orientation)
    return image.transpose(turn) if turn else image
