// How Korean surnames are written in Latin letters (Kim, Lee, Park, Jeong/Jung/Chung …) and the
// Hangul syllable each stands for. A romanized Korean name (Kim Min-hee) is one Hangul word whose
// first syllable is the surname: among words that sound alike (기민해, 김민희), the one that starts
// with it is the name. Written for this project from the common spellings of the commonest
// surnames (customary, Revised and McCune–Reischauer forms).
const SURNAMES: Record<string, string[]> = {
  kim: ['김'], gim: ['김'], lee: ['이', '리'], yi: ['이'], rhee: ['이'], ri: ['리', '이'], park: ['박'], pak: ['박'], bak: ['박'],
  choi: ['최'], choe: ['최'], jung: ['정'], jeong: ['정'], chung: ['정'], cheong: ['정'], kang: ['강'], gang: ['강'], cho: ['조'], jo: ['조'],
  yoon: ['윤'], yun: ['윤'], jang: ['장'], chang: ['장'], lim: ['임'], im: ['임'], rim: ['림', '임'], han: ['한'], oh: ['오'], o: ['오'],
  seo: ['서'], suh: ['서'], shin: ['신'], sin: ['신'], kwon: ['권'], gwon: ['권'], hwang: ['황'], ahn: ['안'], an: ['안'], song: ['송'],
  yoo: ['유'], yu: ['유'], ryu: ['류', '유'], hong: ['홍'], jeon: ['전'], jun: ['전'], chun: ['전', '천'], go: ['고'], ko: ['고'], koh: ['고'],
  moon: ['문'], mun: ['문'], yang: ['양'], son: ['손'], sohn: ['손'], bae: ['배'], baek: ['백'], paik: ['백'], back: ['백'], heo: ['허'], huh: ['허'],
  nam: ['남'], noh: ['노'], roh: ['노'], no: ['노'], ha: ['하'], kwak: ['곽'], gwak: ['곽'], sung: ['성'], seong: ['성'], cha: ['차'],
  joo: ['주'], ju: ['주'], woo: ['우'], u: ['우'], min: ['민'], na: ['나'], ra: ['라', '나'], jin: ['진'], ji: ['지'], um: ['엄'], eom: ['엄'],
  chae: ['채'], won: ['원'], cheon: ['천'], bang: ['방'], kong: ['공'], gong: ['공'], hyun: ['현'], hyeon: ['현'], byun: ['변'], byeon: ['변'],
  yeom: ['염'], yeo: ['여'], choo: ['추'], chu: ['추'], do: ['도'], so: ['소'], seok: ['석'], sun: ['선'], seon: ['선'], seol: ['설'],
  ma: ['마'], gil: ['길'], yeon: ['연'], wi: ['위'], pyo: ['표'], myung: ['명'], myeong: ['명'], ki: ['기'], gi: ['기'], ban: ['반'],
  wang: ['왕'], geum: ['금'], ok: ['옥'], yook: ['육'], yuk: ['육'], in: ['인'], maeng: ['맹'], je: ['제'], mo: ['모'], tak: ['탁'],
  kook: ['국'], guk: ['국'],
};

/** Hangul syllables a romanized surname stands for; [] when it is not one we know. */
export function surnameSyllables(latin: string): string[] {
  return SURNAMES[latin.toLowerCase()] ?? [];
}
