"""Labels of the consolidation app's audit verbs (loaded by ``ConsolidationConfig.ready``)."""

from django.utils.translation import gettext_lazy as _

from tongchou.core.audit import register_verbs

register_verbs(
    {
        "asset.create": _("Shared asset created"),
        "asset.update": _("Shared asset changed"),
        "infra_need.create": _("Infrastructure need declared"),
        "infra_need.delete": _("Infrastructure need removed"),
        "infra_need.own": _("Infrastructure need built by the project"),
        "allocation.create": _("Hosted on shared capacity"),
        "allocation.release": _("Shared capacity released"),
        "unit_price.set": _("Unit price set"),
        "saving.estimate": _("Saving estimated"),
        "saving.withdraw": _("Estimated saving withdrawn"),
        "saving.create": _("Saving recorded"),
        "saving.confirm": _("Saving confirmed"),
        "overlap.decide": _("Overlap decision recorded"),
    }
)
