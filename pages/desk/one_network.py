"""一网通办: items handled online, platform use, online-handling depth."""

from govdash.desk.theme_page import theme_page

theme_page("一网通办", "政务服务事项网上可办、全程网办与一体化平台使用情况。数值悬停可见期间与原文。")
