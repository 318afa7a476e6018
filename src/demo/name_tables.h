#pragma once

#include <array>
#include <string_view>

// Word lists for synthetic names. Invented combinations of common characters: any likeness to a
// real firm is chance.
namespace zq::demo::names {

inline constexpr std::array<std::string_view, 60> kSurnames = {
    "王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴", "徐", "孙", "胡", "朱", "高",
    "林", "何", "郭", "马", "罗", "梁", "宋", "郑", "谢", "韩", "唐", "冯", "于", "董", "萧",
    "程", "曹", "袁", "邓", "许", "傅", "沈", "曾", "彭", "吕", "苏", "卢", "蒋", "蔡", "贾",
    "丁", "魏", "薛", "叶", "阎", "余", "潘", "杜", "戴", "夏", "钟", "汪", "田", "任", "姜"};

inline constexpr std::array<std::string_view, 48> kGivenNames = {
    "伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明",
    "超", "秀", "霞", "平", "刚", "桂", "英", "华", "玉", "萍", "红", "鹏", "建", "国", "志", "海",
    "斌", "琳", "宁", "波", "亮", "飞", "鑫", "雪", "梅", "东", "晨", "阳", "峰", "浩", "宇", "欣"};

// Two of these make a trade name (字号).
inline constexpr std::array<std::string_view, 40> kTradeSyllables = {
    "鲁", "泰", "华", "信", "恒", "鑫", "瑞", "丰", "德", "诚", "宏", "盛", "源", "通",
    "达", "利", "佳", "正", "联", "鼎", "润", "博", "安", "祥", "盈", "泉", "海", "嘉",
    "宇", "天", "金", "和", "兴", "隆", "远", "新", "凯", "明", "康", "永"};

inline constexpr std::array<std::string_view, 16> kStreets = {
    "泉城", "经十", "人民", "解放", "建设", "和平", "胜利", "工业",
    "文化", "新华", "黄河", "振兴", "育才", "幸福", "滨河", "迎宾"};

}  // namespace zq::demo::names
