"""Who to contact about an innovation: its own contact, or else its hub's."""

from dataclasses import dataclass

from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

# Digits with the separators people write (+62 22 1234-5678, (022) 123.456): a number
# a reader can dial, not free text.
validate_phone = RegexValidator(
    r"^\+?[0-9][0-9 ().\-]{5,38}$",
    _("Nomor telepon hanya berisi angka, spasi, tanda kurung, titik, tanda hubung dan + di depan."),
)


@dataclass(frozen=True)
class Contact:
    name: str
    role: str
    email: str
    phone: str
    from_hub: bool  # taken from the hub's profile, not the innovation's own

    @classmethod
    def of(cls, holder, from_hub=False):
        """The contact fields of a page (hub or innovation), or None when it names nobody."""
        contact = cls(
            name=holder.contact_name,
            role=holder.contact_role,
            email=holder.contact_email,
            phone=holder.contact_phone,
            from_hub=from_hub,
        )
        return contact if (contact.name or contact.email or contact.phone) else None

    @property
    def phone_link(self):
        """tel: wants digits and a leading + only."""
        return "".join(c for c in self.phone if c.isdigit() or c == "+")
