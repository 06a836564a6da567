/**
 * Dev set 3: requests that no agent in any of the corpus catalogs should claim (abstention check and
 * calibration negatives), written blind like OFF_TOPIC in dev/eval/routing.ts and not repeating it:
 * cooking, travel, personal finance, health, gardening, relationships, sports, music practice, a tenant's
 * legal worries. Some share surface words with software (python, container, kernel, rust, shell, pandas,
 * celery, cypress, mocha, jasmine, fiber, flutter, swift, phoenix, bun...) but mean the everyday thing;
 * each was checked against the agents whose names they echo (0xfurai's fiber-expert is about textile
 * fibres, so the fibre question here is about diet, not cloth; no gardening, weather, board-game or
 * wedding-planning requests that a science, strategy-guide or planning agent could fairly take).
 * Ten are not in English and several are only a few words long.
 */
export const OFF_TOPIC_CASES: readonly string[] = [
  // cooking and food
  'my chocolate chip cookies spread out flat in the oven, what am I doing wrong',
  'how much salt should go in the water when cooking pasta',
  'how long should a steak rest after grilling',
  'recipe for an iced mocha like the one at my coffee shop',
  'soft burger bun recipe that does not go stale in a day',
  'why are half my popcorn kernels not popping',
  'is celery juice every morning actually good for you',
  'my mac and cheese sauce turns grainy',
  'which Java beans work best in a French press',
  'how do I restore a rusty cast iron pan',
  // travel
  'where in Europe can I see giant pandas',
  'best time of year to visit Phoenix, Arizona',
  'is a rail pass worth it for two weeks in Japan',
  'what to see in Lisbon with only two days',
  'best beaches on the island of Java for snorkelling',
  'how do I renew my passport with the express service',
  // personal finance
  'should I pay off my student loan first or build an emergency fund',
  'how much should I put aside for retirement each month at 35',
  'is it smarter to lease or buy a family car',
  // health and medical
  'I have had a headache behind my eyes for three days',
  'my heart flutters for a few seconds after drinking coffee',
  'these bug bites on my legs are swollen and itchy',
  "my toddler's fever goes up every evening, when should I see a doctor",
  'how much dietary fibre should an adult eat per day',
  'my memory has been worse since I stopped sleeping well',
  'is a herbal elixir with honey any good for a sore throat',
  // gardening and home
  'the garden hose keeps leaking at the joint',
  'which herbs grow well in containers on a windowsill',
  'my pea pods are turning yellow before they fill out',
  'will a cypress hedge grow in heavy clay soil',
  'how often should I water a potted jasmine',
  'when should I prune the branches of my apple tree',
  'improve airflow in the bedroom so the windows stop fogging up',
  'how do I terraform my sloped backyard into terraces for vegetable beds',
  'checklist for spring cleaning a three bedroom house',
  'there are birds building a nest in my gutter, can I move it',
  'the thread keeps snapping on my sewing machine',
  // pets
  "my python snake won't eat its frozen mice",
  'how do I help my hermit crab when it is changing shells',
  'my cat scratches the sofa no matter what I try',
  // relationships and family
  'how do I tell my roommate she owes me rent without a fight',
  'my partner and I keep arguing about chores',
  "my neighbour's dog barks all night, how do I bring it up politely",
  'how can two families merge their holiday traditions without hurt feelings',
  'when can my baby start eating solid food',
  // sports and fitness
  'how do I fix my tennis backhand',
  'best warm-up routine before a 10k race',
  'does a tailwind really make a marathon time faster',
  'how do I steer a small sailboat in gusty wind',
  // music practice
  'how do I practise piano scales without getting bored',
  'my chord change from C to G on guitar is too slow',
  // a tenant's legal worries
  'my landlord wants to keep my deposit for normal wear and tear, is that allowed',
  'can I break my apartment lease early if I lose my job',
  // everything else
  'summarise The Metamorphosis by Kafka for my book club',
  'ideas for a puppet show for a kindergarten class',
  'my car needs new spark plugs, can I change them myself',
  'how do I keep the embers of a campfire going overnight',
  'how do I clean a ruby ring without scratching it',
  'tell me a joke',
  'thanks!',
  'good morning',
  // not English
  '¿Qué puedo cocinar para cenar con garbanzos y espinacas?',
  'Quels exercices pour soulager une douleur au genou après la course ?',
  'Wie oft sollte ich meine Tomaten im Sommer gießen?',
  'Consigli per un weekend romantico a Venezia',
  'Como faço para meu filho dormir a noite toda?',
  '美味しい味噌汁の作り方を教えて',
  '周末去杭州旅游有什么推荐的景点？',
  'Hoe krijg ik kalkaanslag van mijn douchewand?',
  'Jak nauczyć psa chodzić przy nodze?',
  'Как научиться брать баррэ на гитаре?',
];
