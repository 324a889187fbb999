app_name = "aanvragen"

# Each feature adds its routes here; URLs are Dutch.
urlpatterns: list = []
