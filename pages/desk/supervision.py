"""互联网+监管: item claiming, coverage of supervision, 双随机一公开."""

from govdash.desk.theme_page import theme_page

theme_page("互联网+监管", "“互联网+监管”事项认领与录入、监管行为覆盖、双随机一公开抽查覆盖率。")
