"""Answering the customer's own document: a tender (招标文件) clause by clause with a 技术偏离表, or a
questionnaire row by row."""
