"""Photos leave in a bundle small, upright and without metadata: no GPS position, camera,
comment or XMP in any photo of a real exported bundle, big or small, JPEG, MPO or PNG."""

from __future__ import annotations

import io

import pytest
from PIL import Image, ImageChops, ImageStat, PngImagePlugin

from aplan_desktop.bundle import read_bundle, recompress_photo
from aplan_desktop.core.model import Evidence
from aplan_desktop.documents import load_demo
from aplan_desktop.exchange import export_document
from aplan_desktop.storage import Store

SECRET_PLACE = "Бат-Өлзий, Нарийн гол"  # what the metadata says, and the photos must not
RED, BLUE = (220, 20, 20), (20, 20, 220)


def _gps_exif(orientation: int = 1) -> Image.Exif:
    exif = Image.Exif()
    exif[0x0112] = orientation
    exif[0x010F] = "PhoneMaker"  # the camera's make
    exif[0x8825] = {1: "N", 2: (46.0, 16.0, 30.0), 3: "E", 4: (102.0, 46.0, 12.0)}  # the GPS position
    return exif


def _two_colours(size: tuple[int, int]) -> Image.Image:
    """Left half red, right half blue, with a little noise so that it is a photo."""
    image = Image.new("RGB", size, RED)
    image.paste(BLUE, (size[0] // 2, 0, size[0], size[1]))
    return Image.blend(image, Image.merge("RGB", [Image.effect_noise(size, 30)] * 3), 0.1)


def _jpeg(size: tuple[int, int], orientation: int = 1, fmt: str = "JPEG") -> bytes:
    out = io.BytesIO()
    xmp = f'<x:xmpmeta xmlns:x="adobe:ns:meta/"><exif:GPSLatitude>46,16.5N</exif:GPSLatitude>{SECRET_PLACE}' \
          f'</x:xmpmeta>'.encode()
    extra = {"save_all": True, "append_images": [_two_colours((160, 120))]} if fmt == "MPO" else {}
    _two_colours(size).save(out, fmt, quality=90, exif=_gps_exif(orientation), comment=SECRET_PLACE.encode(),
                            xmp=xmp, **extra)
    return out.getvalue()


def _png(size: tuple[int, int]) -> bytes:
    info = PngImagePlugin.PngInfo()
    info.add_itxt("Location", SECRET_PLACE)
    out = io.BytesIO()
    _two_colours(size).save(out, "PNG", exif=_gps_exif(), pnginfo=info)
    return out.getvalue()


def _colour_at(image: Image.Image, x: float, y: float) -> tuple[int, ...]:
    return image.convert("RGB").getpixel((int(x * image.width), int(y * image.height)))


def _near(colour: tuple[int, ...], expected: tuple[int, int, int]) -> bool:
    return all(abs(a - b) < 60 for a, b in zip(colour, expected))


def _assert_no_metadata(data: bytes) -> None:
    assert SECRET_PLACE.encode() not in data and b"GPSLatitude" not in data and b"PhoneMaker" not in data
    with Image.open(io.BytesIO(data)) as image:
        exif = image.getexif()
        assert 0x8825 not in exif and not exif.get_ifd(0x8825) and not dict(exif), dict(exif)
        assert not {"xmp", "comment", "exif", "Location"} & set(image.info), image.info.keys()
        assert getattr(image, "n_frames", 1) == 1


def test_no_photo_in_an_exported_bundle_has_gps_or_other_metadata_whatever_its_size(tmp_path):
    store = Store.open(tmp_path / "soum.sqlite")
    load_demo(store)
    report = store.report("s001-report")
    photos = {  # name: (bytes, the size it travels at)
        "IMG_big.jpg": (_jpeg((2400, 1800), orientation=6), (1200, 1600)),
        "IMG_small.jpg": (_jpeg((300, 200), orientation=6), (200, 300)),
        "IMG_small_mpo.jpg": (_jpeg((320, 240), fmt="MPO"), (320, 240)),
        "IMG_big_mpo.jpg": (_jpeg((2000, 1000), fmt="MPO"), (1600, 800)),
        "screen.png": (_png((400, 300)), (400, 300)),
    }
    for n, (name, (content, _)) in enumerate(photos.items()):
        report.entries[n % len(report.entries)].evidence.append(
            Evidence(name=name, sha256=store.add_file(content), size=len(content),
                     media_type="image/png" if name.endswith(".png") else "image/jpeg"))
    store.save_report(report)
    result = export_document(store, "s001-report", tmp_path / "out")
    store.close()
    sent = read_bundle(result.path.read_bytes())
    travelled = {e.name: e for entry in sent.report.entries for e in entry.evidence}
    assert set(photos) <= set(travelled)
    for name, (_, size) in photos.items():
        evidence = travelled[name]
        data = sent.evidence[evidence.sha256]
        _assert_no_metadata(data)
        with Image.open(io.BytesIO(data)) as image:
            assert image.size == size, name
            assert evidence.media_type == Image.MIME[image.format], name
            if "IMG_big.jpg" == name or "IMG_small.jpg" == name:  # turned upright: red on top, blue below
                assert _near(_colour_at(image, 0.5, 0.1), RED) and _near(_colour_at(image, 0.5, 0.9), BLUE), name
            else:
                assert _near(_colour_at(image, 0.1, 0.5), RED) and _near(_colour_at(image, 0.9, 0.5), BLUE), name


def test_a_small_jpeg_loses_only_its_metadata():
    original = _jpeg((800, 600))
    cleaned = recompress_photo(original)
    _assert_no_metadata(cleaned)
    with Image.open(io.BytesIO(original)) as before, Image.open(io.BytesIO(cleaned)) as after:
        assert after.format == "JPEG" and after.size == before.size
        assert after.quantization == before.quantization  # saved with its own tables: it looks the same
        difference = ImageStat.Stat(ImageChops.difference(before.convert("RGB"), after.convert("RGB")))
        assert max(difference.mean) < 2.0
    assert len(cleaned) < len(original) * 1.05


@pytest.mark.parametrize("orientation, top_left", [(1, RED), (3, BLUE), (8, BLUE)])
def test_a_big_photo_is_scaled_once_and_turned_upright(orientation, top_left):
    cleaned = recompress_photo(_jpeg((4000, 3000), orientation=orientation))
    _assert_no_metadata(cleaned)
    with Image.open(io.BytesIO(cleaned)) as image:
        assert image.size == ((1600, 1200) if orientation in (1, 3) else (1200, 1600))
        assert _near(_colour_at(image, 0.05, 0.05), top_left)


def test_what_is_not_a_photo_travels_as_it_is():
    pdf = b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\n%%EOF\n"
    broken = _jpeg((2000, 1500))[:5000]
    assert recompress_photo(pdf) == pdf and recompress_photo(b"") == b""
    assert recompress_photo(broken) == broken
