from django.urls import path

from . import views

app_name = "funds"
urlpatterns = [
    path("", views.fund_list_view, name="list"),
    path("new/", views.fund_create_view, name="create"),
    path("advances/", views.advance_list_view, name="advances"),
    path("advances/new/", views.advance_create_view, name="advance_create"),
    path("advances/<int:pk>/reimburse/", views.reimburse_view, name="reimburse"),
    path("entries/<int:pk>/reverse/", views.reverse_view, name="reverse"),
    path("project/<int:pk>/", views.project_fund_view, name="project"),
    path("<int:year>/", views.fund_detail_view, name="detail"),
    path("<int:year>/cap/", views.fund_cap_view, name="cap"),
    path("<int:year>/allocate/", views.allocate_view, name="allocate"),
    path("<int:year>/disburse/", views.disburse_view, name="disburse"),
    path("<int:year>/reallocate/", views.reallocate_view, name="reallocate"),
    path("<int:year>/carry-over/", views.carry_over_view, name="carry_over"),
    path("<int:year>/ledger/", views.ledger_view, name="ledger"),
    path("<int:year>/ledger.xlsx", views.ledger_export_view, name="ledger_export"),
    path("<int:year>/analysis/", views.analysis_view, name="analysis"),
    path("<int:year>/analysis.xlsx", views.analysis_export_view, name="analysis_export"),
    path("<int:year>/plan/", views.plan_view, name="plan"),
    path("<int:year>/plan/<int:pk>/", views.proposal_view, name="proposal"),
]
