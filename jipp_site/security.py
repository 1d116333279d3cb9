"""Security headers beyond Django's own: the Content-Security-Policy (django-csp) with the
admin's exception, and Permissions-Policy."""

from csp.middleware import CSPMiddleware, PolicyParts
from django.conf import settings

# Wagtail's admin is not yet compatible with a strict policy (inline scripts and styles,
# eval() in the modal choosers; wagtail/wagtail#7053), so under these prefixes the public
# policy is widened just enough for it. The public site keeps the strict one: no inline
# script or style anywhere in templates/.
ADMIN_PREFIXES = ("/admin/", "/django-admin/")
ADMIN_ALLOWANCES = {
    "script-src": ["'unsafe-inline'", "'unsafe-eval'"],
    "style-src": ["'unsafe-inline'"],
    "img-src": ["blob:"],
}
# The admin shows its previews in frames of its own origin.
ADMIN_REPLACEMENTS = {"frame-ancestors": ["'self'"]}


class SiteCSPMiddleware(CSPMiddleware):
    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only)
        if request.path_info.startswith(ADMIN_PREFIXES):
            # A nonce in a directive makes browsers ignore 'unsafe-inline' there.
            return PolicyParts(
                parts.config,
                {**(parts.update or {}), **ADMIN_ALLOWANCES},
                {**(parts.replace or {}), **ADMIN_REPLACEMENTS},
                None,
            )
        return parts


class PermissionsPolicyMiddleware:
    """Turns off browser features the site never uses (settings.PERMISSIONS_POLICY)."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.header = ", ".join(
            f"{feature}=({' '.join(allow)})"
            for feature, allow in settings.PERMISSIONS_POLICY.items()
        )

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", self.header)
        return response
