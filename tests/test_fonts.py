"""Manifest of the shipped fonts: a swapped-in newer release must fail CI at once (fonts.md §6)."""

import hashlib

import pytest

from vcs_engine.fonts import FONT_DIR, all_file_names, font_path, registration_order

SHA256_PREFIX = {
    "Anton-Regular.ttf": "28beb8f6542f642b",
    "Bangers-Regular.ttf": "330f88f08b877743",
    "Bitter-Black.ttf": "3a174c85a8b8c12a",
    "Bitter-BlackItalic.ttf": "9c91a86b11ca77ac",
    "Bitter-Bold.ttf": "210170791ae3d0cc",
    "Bitter-BoldItalic.ttf": "67099a55118f1f99",
    "Bitter-Italic.ttf": "22ea5cb05eeaa381",
    "Bitter-Light.ttf": "5594d063c9e5a223",
    "Bitter-LightItalic.ttf": "8a640a1df7ab0cdb",
    "Bitter-Medium.ttf": "d968d7316a15fc74",
    "Bitter-MediumItalic.ttf": "2b3d46f0a3b7cdd9",
    "Bitter-Regular.ttf": "8e110cf9ba8d47a7",
    "Bitter-Thin.ttf": "cd3479115f6364ab",
    "Bitter-ThinItalic.ttf": "742cbdd12df95c79",
    "DMSans-Black.ttf": "b9f01d9a6b8c01fc",
    "DMSans-BlackItalic.ttf": "140ad074be4deb7b",
    "DMSans-Bold.ttf": "fd1d62ebef23a574",
    "DMSans-BoldItalic.ttf": "27780794d5570ac9",
    "DMSans-ExtraBold.ttf": "86907ede59215b0f",
    "DMSans-ExtraBoldItalic.ttf": "f670ff059ffbdd3b",
    "DMSans-ExtraLight.ttf": "6b7e287dfce6bf09",
    "DMSans-ExtraLightItalic.ttf": "263adb490fdd4a24",
    "DMSans-Italic.ttf": "d7a4751db6f9b69a",
    "DMSans-Light.ttf": "3beb915e98af231b",
    "DMSans-LightItalic.ttf": "9d2a61522aa2bd80",
    "DMSans-Medium.ttf": "a2f8e60c410bbe00",
    "DMSans-MediumItalic.ttf": "16daad0cb3275ead",
    "DMSans-Regular.ttf": "8ffde09e22b1d2dd",
    "DMSans-SemiBold.ttf": "15dd48c69d7b01e0",
    "DMSans-SemiBoldItalic.ttf": "24fe02e73d138184",
    "DMSans-Thin.ttf": "da8474efb4afb608",
    "DMSans-ThinItalic.ttf": "744aacf0b29d150c",
    "Exo-Black.ttf": "b096b7136673af45",
    "Exo-BlackItalic.ttf": "4b9a9035dcb207be",
    "Exo-Bold.ttf": "2b571031b6a2e343",
    "Exo-BoldItalic.ttf": "d1e1277f232bd803",
    "Exo-Italic.ttf": "787522b12f0fef6c",
    "Exo-Light.ttf": "62109b9b4c3eca09",
    "Exo-LightItalic.ttf": "3f0a42007b4c930b",
    "Exo-Medium.ttf": "710b0bd71a4b763a",
    "Exo-MediumItalic.ttf": "27245d486718754f",
    "Exo-Regular.ttf": "44adc0abe35266d1",
    "Exo-Thin.ttf": "3355b98cccad9546",
    "Exo-ThinItalic.ttf": "c32371cfdf830986",
    "Magra-Bold.ttf": "a993e2582b658968",
    "Magra-Regular.ttf": "30acdcc864f181b4",
    "NotoColorEmoji-Regular.ttf": "e5899ed38b8ed83e",
    "PermanentMarker-Regular.ttf": "4a613a4e0a67ad9c",
    "Roboto-Black.ttf": "bbd81322180b38de",
    "Roboto-BlackItalic.ttf": "923a413d6185c475",
    "Roboto-Bold.ttf": "36f3709dea3e3ce3",
    "Roboto-BoldItalic.ttf": "63d368b094a9bde6",
    "Roboto-Italic.ttf": "5cd9337020d0b159",
    "Roboto-Light.ttf": "e5c6b2b3cad15fd7",
    "Roboto-LightItalic.ttf": "a9d2a1c8bbd8b4fe",
    "Roboto-Medium.ttf": "7984aafeaf437899",
    "Roboto-MediumItalic.ttf": "48eefc3c8e548f21",
    "Roboto-Regular.ttf": "797e35f7f5d6020a",
    "Roboto-Thin.ttf": "52cab88c2fe93c21",
    "Roboto-ThinItalic.ttf": "07af4624ab423372",
    "RobotoCondensed-Bold.ttf": "7f109b2b6d72e756",
    "RobotoCondensed-BoldItalic.ttf": "6dcbc5c98d5d6103",
    "RobotoCondensed-Italic.ttf": "718ec69846837362",
    "RobotoCondensed-Light.ttf": "54ac590712c9e832",
    "RobotoCondensed-LightItalic.ttf": "dcb71d1f714be785",
    "RobotoCondensed-Medium.ttf": "660d652c17a99d0b",
    "RobotoCondensed-MediumItalic.ttf": "a000e42780bb486e",
    "RobotoCondensed-Regular.ttf": "936069d5e46da383",
    "SuezOne-Regular.ttf": "6a8746b3e660d51a",
    "Teko-Bold.ttf": "8153ac1bcfbe63b9",
    "Teko-Light.ttf": "aab67c6b4338f2a4",
    "Teko-Medium.ttf": "2657792f343715a6",
    "Teko-Regular.ttf": "a5db7461c2d10d82",
    "Teko-SemiBold.ttf": "3d9ff585b00fd777",
}


def test_exact_file_set():
    on_disk = {p.name for p in FONT_DIR.glob("*.ttf")}
    assert len(SHA256_PREFIX) == 74
    assert on_disk == set(SHA256_PREFIX)
    assert all_file_names() == on_disk


@pytest.mark.parametrize("name", sorted(SHA256_PREFIX))
def test_sha256_prefix(name):
    digest = hashlib.sha256((FONT_DIR / name).read_bytes()).hexdigest()
    assert digest[:16] == SHA256_PREFIX[name]


def test_licences_present():
    licences = FONT_DIR / "LICENSES"
    assert {p.name for p in licences.iterdir()} >= {
        "OFL-1.1.txt",
        "Apache-2.0.txt",
        "README",
    }


def test_naming_and_registration_order():
    assert font_path("Roboto", 400, True).name == "Roboto-Italic.ttf"
    assert font_path("Bitter", 300, True).name == "Bitter-LightItalic.ttf"
    assert font_path("DMSans", 400, False).name == "DMSans-Regular.ttf"
    assert [w for w, _ in registration_order("Teko")] == [400, 700, 300, 500, 600]
    assert registration_order("Roboto")[:4] == (
        (400, False),
        (400, True),
        (700, False),
        (700, True),
    )
    with pytest.raises(KeyError):
        font_path("Teko", 400, True)
