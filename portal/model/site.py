"""The organisation profile of a copy of the site: its name, colours, helpline and local contacts."""

from __future__ import annotations

from dataclasses import dataclass

from portal.checks.colours import (
    DARK_BACKGROUND,
    DEFAULT_ACCENT,
    DEFAULT_PRIMARY,
    TEXT_CONTRAST,
    contrast,
    nearest_passing,
    shift,
)
from portal.model.items import Contact


@dataclass(frozen=True)
class Brand:
    """The colours a site is drawn in."""

    primary: str = DEFAULT_PRIMARY
    accent: str = DEFAULT_ACCENT

    @property
    def primary_light(self) -> str:
        """A lighter shade for hover states."""
        return shift(self.primary, 0.1)

    @property
    def primary_dark(self) -> str:
        """A darker shade."""
        return shift(self.primary, -0.1)

    @property
    def dark_link(self) -> str:
        """The primary colour made light enough to read as a link on the dark palette's background."""
        if contrast(self.primary, DARK_BACKGROUND) >= TEXT_CONTRAST:
            return self.primary
        return nearest_passing(shift(self.primary, 0.35), DARK_BACKGROUND)

    @property
    def dark_accent(self) -> str:
        """The accent made light enough for hovered links and focus rings on the dark palette."""
        return nearest_passing(shift(self.accent, 0.5), DARK_BACKGROUND)


@dataclass(frozen=True)
class ShowOn:
    """The pages a local contact is shown on, by the ids of their items."""

    risks: tuple[str, ...] = ()
    faqs: tuple[str, ...] = ()
    audiences: tuple[str, ...] = ()


@dataclass(frozen=True)
class LocalContact:
    """A contact the hosting organisation adds, e.g. its LADO or front door, and where it is shown."""

    name: str
    role: str
    phone: str | None = None
    email: str | None = None
    hours: str | None = None
    url: str | None = None
    help_box: bool = True
    show_on: ShowOn = ShowOn()

    def shown_on(self, collection: str, item_id: str) -> bool:
        """True when this contact belongs on the page of that item, e.g. ('risks', 'grooming')."""
        ids: tuple[str, ...] = getattr(self.show_on, collection)
        return item_id in ids

    @property
    def phone_href(self) -> str | None:
        """The phone number as a tel: link."""
        return Contact(phone=self.phone).phone_href


@dataclass(frozen=True)
class Link:
    """A titled link."""

    title: str
    url: str


@dataclass(frozen=True)
class OutOfHoursRoute:
    """Where to turn when the helpline is closed: a short label and the resources that hold its details."""

    label: str
    resources: tuple[str, ...]


@dataclass(frozen=True)
class Site:
    """The organisation profile: who publishes this copy and whom to call."""

    name: str
    description: str
    organisation: Link
    repository_url: str
    repository_branch: str
    help_resource: str
    emergency: str
    contacts: tuple[LocalContact, ...]
    links: tuple[Link, ...]
    short_name: str | None = None
    url: str | None = None
    logo: str | None = None
    favicon: str | None = None
    brand: Brand = Brand()
    local_pages_title: str = "Local information"
    default_nation: str | None = None  # the nation pages open on until a reader chooses
    out_of_hours: tuple[OutOfHoursRoute, ...] = ()  # none: the help bar shows no out-of-hours line
    logo_file: str | None = None  # absolute path of the logo file named by `logo`
    favicon_file: str | None = None  # likewise for `favicon`
    # In a hosted copy: where its own files are (e.g. 'local/'), and the upstream repository that
    # owns every other file, so that corrections to shared content are suggested upstream.
    local_prefix: str | None = None
    upstream_repository: tuple[str, str] | None = None  # (url, branch)

    def contacts_for(self, collection: str, item_id: str) -> tuple[LocalContact, ...]:
        """Local contacts to show on the page of an item."""
        return tuple(contact for contact in self.contacts if contact.shown_on(collection, item_id))

    @property
    def help_contacts(self) -> tuple[LocalContact, ...]:
        """Local contacts for the 'get help now' box."""
        return tuple(contact for contact in self.contacts if contact.help_box)

    def edit_url(self, data_file: str) -> str:
        """Address where `data_file` (relative to the repository root) can be edited: upstream unless it is local."""
        url, branch = self.repository_url, self.repository_branch
        if self.upstream_repository and self.local_prefix and not data_file.startswith(self.local_prefix):
            url, branch = self.upstream_repository
        return f"{url.rstrip('/')}/edit/{branch}/{data_file}"
