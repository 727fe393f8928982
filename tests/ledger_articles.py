"""Short news articles written for the ledger tests (invented reports; the people are real,
the sentences are ours): one statement carried by three outlets, a denial and the claim it
denies, one commander named four ways, two Kims, and a president spelled three ways."""

ARTICLES = [
    ("Kyiv rejects land swap\n\nKYIV (First Wire) - Ukrainian President Volodymyr Zelenskyy said on Monday that "
     "Ukraine would not give up any territory in exchange for a ceasefire.\n\nCommander-in-Chief Oleksandr Syrskyi "
     "said the army had stabilised the front near Pokrovsk.\n", "2025-03-03T10:00:00"),
    ("No land for peace\n\nLONDON (Second Post) - Ukraine would not give up any territory in exchange for a "
     "ceasefire, President Volodymyr Zelensky said on Monday.\n\nGen. Syrskyi said the army had stabilised the front "
     "near Pokrovsk.\n", "2025-03-03T12:00:00"),
    ("Zelenskiy on talks\n\nBERLIN (Third Monitor) - President Zelenskiy said on Monday that Ukraine would not give "
     "up any of its territory in exchange for a ceasefire.\n\nUkraine's commander-in-chief Syrskyi said the front "
     "near Pokrovsk had stabilised.\n", "2025-03-03T15:00:00"),
    ("Pyongyang warns\n\nSEOUL (Fourth Daily) - North Korean leader Kim Jong Un said his country would strengthen "
     "its nuclear forces.\n\nHis sister Kim Yo Jong said Seoul would pay for the leaflets.\n",
     "2025-03-04T09:00:00"),
    ("Hospital hit\n\nKHERSON (Fifth Wire) - The Ukrainian military said Russian forces had shelled the city "
     "hospital in Kherson on Sunday, wounding four nurses.\n", "2025-03-03T08:00:00"),
    ("Moscow denies strike\n\nMOSCOW (Sixth Herald) - Russia's defence ministry denied that its forces had shelled "
     "the city hospital in Kherson.\n", "2025-03-04T11:00:00"),
]
