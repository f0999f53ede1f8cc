"""Brand colours: WCAG contrast, the nearest colour that passes, and the check of a profile's colours."""

from __future__ import annotations

import colorsys
import re

from portal.source.errors import DataError
from portal.source.yaml_document import YamlDocument

HEX = re.compile(r"^#[0-9a-fA-F]{6}$")
WHITE = "#ffffff"
DARK_BACKGROUND = "#1e2129"  # Material's slate background, behind links in the dark palette
TEXT_CONTRAST = 4.5  # WCAG 2.2 AA, 1.4.3, for normal text

DEFAULT_PRIMARY = "#1d4f91"
DEFAULT_ACCENT = "#123765"


def luminance(colour: str) -> float:
    """Relative luminance of a #rrggbb colour (WCAG definition)."""
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(first: str, second: str) -> float:
    """Contrast ratio of two colours, from 1 to 21."""
    lighter, darker = sorted((luminance(first), luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def nearest_passing(colour: str, against: str, minimum: float = TEXT_CONTRAST) -> str:
    """The colour of the same hue and saturation, closest in lightness, with enough contrast against `against`."""
    red, green, blue = (int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5))
    hue, lightness, saturation = colorsys.rgb_to_hls(red, green, blue)
    darker = luminance(against) > 0.18  # on a light background move darker, on a dark one lighter
    for step in range(0, 1001):
        candidate_lightness = lightness - step / 1000 if darker else lightness + step / 1000
        if not 0 <= candidate_lightness <= 1:
            break
        rgb = colorsys.hls_to_rgb(hue, candidate_lightness, saturation)
        candidate = "#" + "".join(f"{round(c * 255):02x}" for c in rgb)
        if contrast(candidate, against) >= minimum:
            return candidate
    return "#000000" if darker else "#ffffff"


def shift(colour: str, amount: float) -> str:
    """The colour made lighter (positive `amount`) or darker, keeping its hue and saturation."""
    red, green, blue = (int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5))
    hue, lightness, saturation = colorsys.rgb_to_hls(red, green, blue)
    rgb = colorsys.hls_to_rgb(hue, min(1.0, max(0.0, lightness + amount)), saturation)
    return "#" + "".join(f"{round(c * 255):02x}" for c in rgb)


def colour_problem(colour: str, role: str) -> tuple[str, str] | None:
    """(problem, hint) when a brand colour is unreadable with white text or as a link on white, else None."""
    ratio = contrast(colour, WHITE)
    if ratio >= TEXT_CONTRAST:
        return None
    suggestion = nearest_passing(colour, WHITE)
    return (
        f"'{colour}' has a contrast of {ratio:.2f}:1 with white, too low for {role} (WCAG AA needs 4.5:1)",
        f"the nearest colour that passes is '{suggestion}' ({contrast(suggestion, WHITE):.2f}:1)",
    )


def colour_errors(doc: YamlDocument) -> list[DataError]:
    """Brand colours in a profile (or site.yml) that white text or links could not be read against."""
    colours = doc.data.get("colours") if isinstance(doc.data, dict) else None
    errors = []
    roles = {"primary": "the header and links", "accent": "links under the pointer and keyboard focus"}
    for key, role in roles.items():
        value = colours.get(key) if isinstance(colours, dict) else None
        if isinstance(value, str) and HEX.match(value):
            found = colour_problem(value.lower(), role)
            if found:
                errors.append(DataError(doc.display, doc.line_of(("colours", key)), f"colours.{key}", *found))
    return errors
