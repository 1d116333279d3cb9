"""Editor widgets: a kabupaten/kota list narrowed to the chosen province."""

from django import forms


class RegencySelect(forms.Select):
    """Each option carries its province's code (the first two digits of its Kemendagri
    code, "32.11" -> "32"); static/js/regency-filter.js shows only the chosen province's
    kabupaten/kota. Without JavaScript the whole list stays, and the model's validation
    still refuses a regency outside the province."""

    def __init__(self, province_field="province", attrs=None, choices=()):
        attrs = {"data-regency-filter": province_field, **(attrs or {})}
        super().__init__(attrs=attrs, choices=choices)

    class Media:
        js = ["js/regency-filter.js"]

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        code = str(getattr(value, "value", value) or "")
        if code:
            option["attrs"]["data-province"] = code.split(".")[0]
        return option
