"""The eight sections of a case study: import key, model field and labels, in reading order."""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Section:
    key: str  # as in the import format
    field: str  # InnovationPage field
    label: str
    help_text: str

    @property
    def labels(self):
        return (self.label, self.help_text)


SECTIONS = {
    s.key: s
    for s in [
        Section("ringkasan", "summary", _("Ringkasan"), _("Apa inovasinya, dalam satu paragraf.")),
        Section("latar_belakang", "background", _("Latar belakang"), _("Masalah yang dijawab.")),
        Section("kebaruan", "novelty", _("Kebaruan"), _("Apa yang baru dibanding cara lama.")),
        Section("implementasi", "implementation", _("Implementasi"), _("Bagaimana dijalankan.")),
        Section("dampak", "impact", _("Dampak"), _("Hasil yang terukur dan dirasakan.")),
        Section("sumber_daya", "resources", _("Sumber daya"), _("Orang, anggaran, teknologi.")),
        Section(
            "keberlanjutan",
            "sustainability",
            _("Keberlanjutan"),
            _("Apa yang menjaganya tetap jalan."),
        ),
        Section("replikasi", "replication", _("Replikasi"), _("Pelajaran bagi yang ingin meniru.")),
    ]
}
