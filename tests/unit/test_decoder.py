"""QrDecoder: QR codes found in noisy 720p grayscale frames, other barcode kinds ignored."""

from __future__ import annotations

import numpy as np
import pytest
import qrcode
import zxingcpp

from kiosk.adapters.scanning.decoder import QrDecoder
from kiosk.adapters.scanning.qr import qr_matrix
from kiosk.services.ports.scanning import CodeDecoder

WIDTH, HEIGHT = 1280, 720


def qr_modules(text: str, *, box: int) -> np.ndarray:
    code = qrcode.QRCode(border=4, box_size=1)
    code.add_data(text)
    code.make(fit=True)
    modules = np.array(code.get_matrix(), dtype=bool)
    return np.where(np.kron(modules, np.ones((box, box), dtype=bool)), 25, 230).astype(np.uint8)


def frame_with(patch: np.ndarray | None, *, at: tuple[int, int] = (120, 420), seed: int = 7) -> np.ndarray:
    rng = np.random.default_rng(seed)
    frame = np.full((HEIGHT, WIDTH), 140, dtype=np.int16)
    frame += np.linspace(-30, 30, WIDTH, dtype=np.int16)[None, :]  # uneven shop lighting
    if patch is not None:
        top, left = at
        frame[top : top + patch.shape[0], left : left + patch.shape[1]] = patch
    frame += rng.normal(0, 14, frame.shape).astype(np.int16)
    return np.clip(frame, 0, 255).astype(np.uint8)


@pytest.fixture(scope="module")
def decoder() -> QrDecoder:
    return QrDecoder()


def test_satisfies_the_port(decoder: QrDecoder) -> None:
    port: CodeDecoder = decoder
    assert callable(port.decode)


def test_decodes_a_member_code_in_a_noisy_720p_frame(decoder: QrDecoder) -> None:
    frame = frame_with(qr_modules("LK1TESTCODE", box=9))
    assert decoder.decode(frame.tobytes(), width=WIDTH, height=HEIGHT, stride=WIDTH) == ["LK1TESTCODE"]


def test_decodes_with_row_padding(decoder: QrDecoder) -> None:
    frame = frame_with(qr_modules("LK1-PADDED-ROWS", box=8))
    stride = WIDTH + 64
    padded = np.zeros((HEIGHT, stride), dtype=np.uint8)
    padded[:, :WIDTH] = frame
    assert decoder.decode(padded.tobytes(), width=WIDTH, height=HEIGHT, stride=stride) == ["LK1-PADDED-ROWS"]


def test_small_far_away_and_rotated_codes(decoder: QrDecoder) -> None:
    small = frame_with(qr_modules("LK1SMALL", box=4), at=(500, 1000))
    assert decoder.decode_array(small) == ["LK1SMALL"]
    rotated = frame_with(np.rot90(qr_modules("LK1ROTATED", box=7)).copy())
    assert decoder.decode_array(rotated) == ["LK1ROTATED"]


def test_two_codes_in_one_frame(decoder: QrDecoder) -> None:
    frame = frame_with(qr_modules("LK1-FIRST", box=7), at=(100, 100))
    second = qr_modules("LK1-SECOND", box=7)
    frame[300 : 300 + second.shape[0], 800 : 800 + second.shape[1]] = second
    assert sorted(decoder.decode_array(frame)) == ["LK1-FIRST", "LK1-SECOND"]


def test_matrix_from_the_display_adapter_round_trips(decoder: QrDecoder) -> None:
    modules = np.array(qr_matrix("LK1-รหัส-ไทย"), dtype=bool)
    patch = np.full((modules.shape[0] + 8, modules.shape[1] + 8), True)
    patch[4:-4, 4:-4] = ~modules
    image = np.where(np.kron(patch, np.ones((8, 8), dtype=bool)), 235, 20).astype(np.uint8)
    assert decoder.decode_array(frame_with(image)) == ["LK1-รหัส-ไทย"]


def test_no_code_and_other_barcode_kinds_give_nothing(decoder: QrDecoder) -> None:
    assert decoder.decode_array(frame_with(None)) == []
    code128 = np.array(zxingcpp.create_barcode("12345678", zxingcpp.BarcodeFormat.Code128).to_image(scale=4))
    assert decoder.decode_array(frame_with(code128)) == []


def test_refuses_a_buffer_too_small_for_its_size(decoder: QrDecoder) -> None:
    with pytest.raises(ValueError):
        decoder.decode(bytes(100), width=WIDTH, height=HEIGHT, stride=WIDTH)
    assert decoder.decode(b"", width=0, height=0, stride=0) == []
