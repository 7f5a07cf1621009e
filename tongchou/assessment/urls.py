from django.urls import path

from . import views

app_name = "assessment"
urlpatterns = [
    path("", views.index, name="index"),
    path("targets/", views.target_list, name="target_list"),
    path("targets/new/", views.target_create, name="target_create"),
    path("targets/<int:pk>/", views.target_detail, name="target_detail"),
    path("targets/<int:pk>/edit/", views.target_edit, name="target_edit"),
    path("targets/<int:pk>/shares/", views.share_set, name="share_set"),
    path("shares/<int:pk>/progress/", views.progress_create, name="progress_create"),
    path("evidence/<int:pk>/", views.evidence_download, name="evidence"),
    path("sites/", views.site_list, name="site_list"),
    path("sites/new/", views.site_create, name="site_create"),
    path("sites/<int:pk>/edit/", views.site_edit, name="site_edit"),
    path("schemes/<int:year>/", views.scheme_page, name="scheme_page"),
    path("schemes/<int:year>/create/", views.scheme_create, name="scheme_create"),
    path("schemes/<int:pk>/categories/", views.category_create, name="category_create"),
    path("schemes/<int:pk>/indicators/", views.indicator_create, name="indicator_create"),
    path("indicators/<int:pk>/edit/", views.indicator_edit, name="indicator_edit"),
    path("indicators/<int:pk>/delete/", views.indicator_delete, name="indicator_delete"),
    path("rounds/start/", views.round_start, name="round_start"),
    path("rounds/<int:year>/", views.round_page, name="round"),
    path("rounds/<int:year>/advance/", views.round_advance, name="round_advance"),
    path("rounds/<int:year>/compute/", views.round_compute, name="round_compute"),
    path("rounds/<int:year>/ranking/", views.ranking_page, name="ranking"),
    path("rounds/<int:year>/ranking.xlsx", views.ranking_xlsx, name="ranking_xlsx"),
    path("rounds/<int:year>/ranking.docx", views.ranking_docx, name="ranking_docx"),
    path("rounds/<int:year>/units/<int:unit>/", views.sheet_page, name="sheet"),
    path("rounds/<int:year>/units/<int:unit>/submit/", views.sheet_submit, name="sheet_submit"),
    path("rounds/<int:year>/units/<int:unit>/adjustments/", views.adjustment_create, name="adjustment_create"),
    path("rounds/<int:year>/units/<int:unit>/dispute/", views.dispute_create, name="dispute_create"),
    path("rounds/<int:year>/units/<int:unit>/dispute/answer/", views.dispute_answer, name="dispute_answer"),
    path("scores/<int:pk>/self/", views.score_self, name="score_self"),
    path("scores/<int:pk>/assess/", views.score_assess, name="score_assess"),
]
