"""Words that say nothing about what a text is about, for choosing the words that characterise
it ("similar to a requirement", an item's similar items, near-duplicates): pronouns, question
words, modal and auxiliary verbs, determiners, quantifiers and conjunctions, in English and
Simplified Chinese (a text is folded to Simplified before its words are chosen).

They are not stop words of the index or of a search: "no", "all" or 我们 typed into the search
box are searched as typed. A pasted requirement is a different thing: "Can the system export
all of its reports to Excel, and is there any limit on the number of users?" is about export,
reports, Excel and users, and an item that shares "its", "any" and "there" with it is not like
it. Before this list, such words were chosen among a text's key words (they are rare enough in
a library of short items to look characteristic) and were shown as what an item shares with
the requirement ("Matched: all, any, its")."""

from __future__ import annotations

from workbench.core.search.analysis import STOP
from workbench.core.search.query import QUESTION_WORDS

_ENGLISH = frozenset({
    "i", "me", "my", "mine", "myself", "he", "him", "his", "himself", "she", "her", "hers", "herself", "it", "its",
    "itself", "they", "them", "their", "theirs", "themselves", "ours", "ourselves", "yours", "yourself",
    "yourselves", "one", "ones", "own", "who", "whom", "whose", "which", "where", "why", "whether", "there", "here",
    "these", "those", "such", "same", "other", "others", "another", "each", "every", "all", "any", "some", "both",
    "either", "neither", "none", "no", "nor", "only", "also", "just", "even", "very", "too", "so", "than", "then",
    "thus", "hence", "however", "although", "though", "because", "since", "unless", "until", "while", "whereas",
    "whatever", "whichever", "whoever", "shall", "should", "would", "could", "might", "must", "ought", "cannot",
    "can't", "won't", "don't", "doesn't", "isn't", "aren't", "was", "were", "been", "being", "am", "has", "had",
    "having", "did", "done", "doing", "into", "onto", "upon", "out", "over", "under", "above", "below", "up",
    "down", "off", "about", "after", "before", "between", "among", "through", "during", "without", "within",
    "against", "towards", "toward", "per", "via", "more", "most", "much", "many", "few", "less", "least", "lot",
    "lots", "etc", "e.g", "i.e", "please", "kindly", "actually", "really", "already", "still", "again",
    "always", "never", "often"
})

_CHINESE = frozenset({
    "我", "你", "他", "她", "它", "我们", "你们", "他们", "她们", "它们", "咱们", "大家", "自己", "本人", "我司", "贵司", "贵方", "我方", "本公司",
    "贵公司", "这", "那", "这个", "那个", "这些", "那些", "这样", "那样", "这种", "那种", "这里", "那里", "此", "该", "其他", "其它", "其余", "另外",
    "以上", "以下", "上述", "如下", "一个", "一些", "一种", "一下", "所有", "任何", "每个", "各个", "各种", "全部", "部分", "某些", "某个", "可以",
    "可能", "能够", "需要", "应该", "应当", "应", "必须", "须", "不得", "不能", "不可", "不会", "不要", "要求", "希望", "想", "想要", "愿意", "请",
    "请问", "麻烦", "进行", "作为", "具有", "存在", "通过", "根据", "按照", "对于", "关于", "以及", "或者", "还是", "并且", "而且", "但是", "不过",
    "如果", "因为", "所以", "因此", "并", "及", "等", "等等", "即", "即可", "就是", "也是", "还有", "已经", "目前", "现在", "一直", "同时", "然后",
    "其中", "相关", "有关", "方面"
})

FUNCTION_WORDS = STOP | QUESTION_WORDS | _ENGLISH | _CHINESE
