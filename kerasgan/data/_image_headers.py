"""Reading an image's size from its PNG or JPEG header, without decoding it."""

import struct

_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
# Start-of-frame markers carry the frame size; C4 (DHT), C8 (JPG) and CC (DAC) do not.
_JPEG_SOF = {0xC0, 0xC1, 0xC2, 0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF}
_JPEG_NO_LENGTH = {0x01, 0xD0, 0xD1, 0xD2, 0xD3, 0xD4, 0xD5, 0xD6, 0xD7, 0xD8}


def _jpeg_size(f):
    f.seek(2)
    while True:
        byte = f.read(1)
        while byte and byte != b"\xff":  # skip to the next marker
            byte = f.read(1)
        while byte == b"\xff":  # fill bytes
            byte = f.read(1)
        if not byte:
            return None
        marker = byte[0]
        if marker in _JPEG_NO_LENGTH:
            continue
        header = f.read(2)
        if len(header) < 2:
            return None
        (length,) = struct.unpack(">H", header)
        if marker in _JPEG_SOF:
            frame = f.read(5)
            if len(frame) < 5:
                return None
            height, width = struct.unpack(">HH", frame[1:5])
            return height, width
        f.seek(length - 2, 1)


def image_size(path):
    """`(height, width)` of a PNG or JPEG file, read from its header.

    Raises:
        ValueError: When the file is neither a PNG nor a JPEG, or is truncated.
    """
    with open(path, "rb") as f:
        head = f.read(24)
        size = None
        if head.startswith(_PNG_SIGNATURE) and head[12:16] == b"IHDR":
            width, height = struct.unpack(">II", head[16:24])
            size = (height, width)
        elif head.startswith(b"\xff\xd8"):
            size = _jpeg_size(f)
    if size is None:
        raise ValueError(
            f"Could not read the image {str(path)!r}: it is not a valid PNG or JPEG file. "
            "Remove it from the folder or re-save it."
        )
    return size


def is_complete(path):
    """Whether a PNG ends with its IEND chunk, or a JPEG holds its end-of-image marker
    near its end (a truncated download fails this; other files pass)."""
    with open(path, "rb") as f:
        head = f.read(8)
        f.seek(0, 2)
        size = f.tell()
        f.seek(max(0, size - 1024))
        tail = f.read()
    if head == _PNG_SIGNATURE:
        return tail.endswith(b"IEND\xaeB`\x82")
    if head[:2] == b"\xff\xd8":
        return b"\xff\xd9" in tail
    return True
