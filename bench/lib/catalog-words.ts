/** The words of the generated catalog (generate-catalog.ts), shared with the scenarios that search it. */
/** Words the names are made of (English and Japanese), so searches match a few hundred to a few thousand products. */
export const NOUNS: ReadonlyArray<readonly [string, string]> = [
  ['mug', 'マグ'], ['towel', '手ぬぐい'], ['teapot', '急須'], ['bowl', '茶碗'], ['chopsticks', '箸'], ['notebook', 'ノート'],
  ['incense', 'お香'], ['fan', '扇子'], ['curtain', '暖簾'], ['coaster', 'コースター'], ['plate', '皿'], ['vase', '花瓶'],
  ['lantern', '提灯'], ['cushion', '座布団'], ['basket', '籠'], ['brush', '筆'], ['bell', '風鈴'], ['cup', '湯呑み'],
  ['box', '箱'], ['scarf', 'スカーフ'], ['apron', 'エプロン'], ['tray', 'お盆'], ['knife', '包丁'], ['kettle', '鉄瓶'],
];
export const ADJECTIVES = ['indigo', 'cedar', 'cotton', 'linen', 'porcelain', 'lacquered', 'hand-dyed', 'woven', 'glazed', 'bamboo', 'iron', 'paper', 'silk', 'walnut', 'striped', 'small'];
export const COLLECTIONS = ['Kitchen', 'Tea', 'Textiles', 'Home', 'Stationery', 'Gifts', 'Garden', 'Bath', 'Travel', 'Summer', 'Winter', 'Sale'];

