"""General fixes found on the held-out sets, each on sentences of its own."""

from __future__ import annotations

from datetime import datetime

import pytest

from leadscribe.nlp import extract
from leadscribe.nlp.components.company import strip_department

NOW = datetime.fromisoformat("2026-11-24T10:00:00+08:00")


def _lead(text: str) -> dict:
    return extract(text, NOW).to_schema()


@pytest.mark.parametrize(
    ("name", "org"),
    [("省财政厅信息中心", "省财政厅"), ("市公安局交警支队", "市公安局"), ("安康体检中心", "安康体检中心")],
)
def test_function_department_is_cut_even_after_a_centre(name, org):
    assert strip_department(name) == org


def test_provincial_department_is_government():
    lead = _lead("省水利厅信息中心的钱处长想做一套防汛调度平台。")
    assert lead["company"] == "省水利厅"
    assert lead["industry"] == "政务"


@pytest.mark.parametrize(
    ("text", "name"), [("赵永刚是恒安建材的采购负责人。", "赵永刚"), ("好的，林志远说下周签。", "林志远")]
)
def test_full_name_opening_a_clause_is_the_contact(text, name):
    assert _lead(text)["contact_name"] == name


@pytest.mark.parametrize("text", ["周末说一下方案的事。", "高新区说要统一采购。"])
def test_everyday_words_are_no_subject_name(text):
    assert _lead(text)["contact_name"] is None


def test_team_leader_title():
    assert _lead("消防支队的马队长问了报价。")["contact_name"] == "马队长"


@pytest.mark.parametrize(
    ("text", "flag"),
    [
        ("他们今年没预算了。", "price_objection"),
        ("预算已经花完了，只能等。", "price_objection"),
        ("价格能不能再让一点？", "price_objection"),
        ("设备报价比别人高。", "competitor"),
        ("The rollout is on hold.", "delay"),
        ("这个事情下个月再看吧。", "delay"),
        ("总价80万，再高一点就得上会讨论了。", "price_objection"),
        ("价格再贵的话我们就换别家。", "price_objection"),
    ],
)
def test_new_flag_cues(text, flag):
    assert flag in _lead(text)["flags"]


def test_not_mentioning_a_rival_is_no_competitor_flag():
    assert _lead("客户没提到任何竞品，只关心交付。")["flags"] == []


def test_time_a_deal_is_put_off_to_is_no_milestone():
    lead = _lead("项目推迟到明年再说，签约的事先不谈。")
    assert lead["key_date"] is None
    assert "delay" in lead["flags"]


def test_milestone_postponed_to_a_month_keeps_its_date():
    assert _lead("签合同的事要推到下个月。")["key_date"] == {"start": "2026-12-01", "end": "2026-12-31"}


def test_a_customer_waiting_for_us_at_a_time_is_our_next_action():
    assert _lead("明天上午十点客户在公司等我们，谈续约的事")["follow_up"] == "2026-11-25T10:00"


@pytest.mark.parametrize(
    ("text", "company", "industry"),
    [
        ("同仁眼科门诊部的刘主任想换一台验光仪", "同仁眼科门诊部", "医疗健康"),
        ("Sunrise Retail Ltd wants 40 POS terminals", "Sunrise Retail Ltd", "零售"),
    ],
)
def test_clinic_and_english_retail_names(text, company, industry):
    lead = _lead(text)
    assert (lead["company"], lead["industry"]) == (company, industry)


@pytest.mark.parametrize(
    ("text", "company"),
    [
        ("新客户是一家社区医院，叫阳光社区医院，院长想上HIS", "阳光社区医院"),
        ("一家连锁超市想上电子价签", None),  # a kind of organisation, no name
        ("永安连锁超市的王总要报价", "永安连锁超市"),
    ],
)
def test_a_kind_of_organisation_is_no_name(text, company):
    assert _lead(text)["company"] == company


@pytest.mark.parametrize(
    ("text", "need"),
    [
        ("周五和区住建局的人吃饭，聊一下智慧工地二期", "智慧工地"),
        ("他们原来用的是国外的，这次想换国产数据库", "国产数据库"),
        ("刘主任电话13600001111，要询价DR", "DR"),
        ("食品厂的老板说包装线要升级", "包装线"),
    ],
)
def test_project_kinds_and_products_named_without_a_buying_cue(text, need):
    assert _lead(text)["need"] == need


@pytest.mark.parametrize(
    ("text", "company"),
    [
        ("千家惠便利的李总要换收银机", "千家惠便利"),
        ("下午去百家汇超市总部见王总", "百家汇超市"),
        ("他们有三家门店", None),
    ],
)
def test_a_name_starting_with_a_round_number_is_no_count(text, company):
    assert _lead(text)["company"] == company


def test_a_higher_rate_is_no_price_ceiling():
    assert "price_objection" not in _lead("明年要再高就业率的培训项目")["flags"]


def test_a_quantity_wanted_by_a_date_is_a_milestone():
    lead = _lead("客户说春节前要30台扫码枪，预算5万左右")
    assert lead["key_date"] == {"start": None, "end": "2027-02-06"}  # the coming Spring Festival
    assert lead["follow_up"] is None


@pytest.mark.parametrize(
    ("text", "need"),
    [
        ("Dr. Lee from Northside Clinic wants 12 infusion pumps, budget 30k USD.", "infusion pumps"),
        ("Call Mike back tomorrow, he wants a quote for 200 barcode scanners.", "barcode scanners"),
        (
            "Tom at Brightway Logistics is looking for a warehouse management system before March.",
            "warehouse management system",
        ),
        ("Anna said the kiosk rollout is delayed.", "kiosk"),
        ("Lunch with Amy next week.", None),
    ],
)
def test_english_notes_name_what_is_wanted(text, need):
    assert _lead(text)["need"] == need


def test_an_english_clause_is_read_whole_for_its_time_cue():
    lead = _lead("Meeting with Sarah Chen from Harbor Medical Group next Thursday 2pm, they need 5 patient monitors.")
    assert lead["follow_up"] == "2026-12-03T14:00"
    assert lead["industry"] == "医疗健康"


@pytest.mark.parametrize(
    ("text", "need"),
    [
        ("宜家居装饰的老板娘说门店的收银机老死机，要我们今天给个方案", "收银机"),
        ("他们机房的服务器老宕机，王总很不满意", "服务器"),
        ("明天拜访远景能源，技术部的严工他们在评估储能变流器", "储能变流器"),
    ],
)
def test_the_product_of_a_complaint_or_an_evaluation(text, need):
    lead = _lead(text)
    assert lead["need"] == need


@pytest.mark.parametrize(
    ("text", "company"),
    [
        ("客户天和物流的仓储主管说WMS年后再说", "天和物流"),
        ("跟天和物流的张总约了周五", "天和物流"),
        ("设备和物流的事情王总说下周定", None),
    ],
)
def test_and_inside_a_name_after_its_first_character(text, company):
    assert _lead(text)["company"] == company


def test_a_pronoun_before_and_is_no_part_of_a_name():
    assert not (_lead("他和电子厂的李总很熟")["company"] or "").startswith("他")


def test_comparing_us_with_another_vendor_names_the_competitor():
    lead = _lead("顺达快递的区域经理林峰说他们在对比我们和菜鸟的分拣方案")
    assert "competitor" in lead["flags"] and lead["competitors"] == ["菜鸟"]
    assert "competitor" not in _lead("他们在对比我们的两个版本")["flags"]


def test_the_xia_of_yixia_does_not_make_next_week():
    assert _lead("帮我约一下周四下午和明德中学的校长见面")["follow_up"] == "2026-11-26"  # NOW is a Tuesday


@pytest.mark.parametrize(
    ("text", "budget"),
    [
        ("Budget is about 1.2 million RMB.", {"min": 1_200_000, "max": 1_200_000, "currency": "CNY"}),
        ("They have $2 million for it.", {"min": 2_000_000, "max": 2_000_000, "currency": "USD"}),
        ("Run 5m of cable.", None),
    ],
)
def test_english_amounts_in_millions(text, budget):
    assert _lead(text)["budget"] == budget


@pytest.mark.parametrize(
    ("text", "key_date", "follow_up"),
    [
        ("Emily from Oakridge Hotels wants to replace 300 door locks before Chinese New Year.", "2027-02-06", None),
        ("They need the scanners delivered by Christmas.", "2026-12-25", None),
        ("Visit them next Monday to discuss the upgrade.", None, "2026-11-30"),
    ],
)
def test_english_holidays_and_cues(text, key_date, follow_up):
    lead = _lead(text)
    assert (lead["key_date"] or {}).get("end") == key_date
    assert lead["follow_up"] == follow_up


def test_an_english_need_stops_before_what_happens_to_it():
    assert _lead("They need the scanners delivered by Christmas.")["need"] == "scanners"


def test_a_role_then_a_full_name_then_a_phone_or_a_report():
    assert _lead("中铁十二局的项目经理何斌电话13908765432")["contact_name"] == "何斌"
    assert _lead("鑫源矿业的安全部长石磊反映定位系统信号不稳定")["contact_name"] == "石磊"


def test_a_surname_character_ending_a_word_starts_no_name():
    assert _lead("要求我们下周一前派工程师过去")["contact_name"] is None


def test_a_purchasing_office_is_no_milestone_cue_and_no_part_of_the_name():
    lead = _lead("瑞康医院采购办的黄主任说彩超今年预算批不下来了，让我们明年开春再联系。")
    assert lead["company"] == "瑞康医院" and lead["key_date"] is None
    assert lead["follow_up"] == "2027-03-31" and "delay" in lead["flags"]


def test_a_contract_running_out_is_a_milestone():
    assert _lead("ATM维保合同12月31号到期，续签前要重新比价")["key_date"] == {
        "start": "2026-12-31",
        "end": "2026-12-31",
    }


def test_a_role_and_full_name_before_a_call_made():
    assert _lead("跟人民医院的设备科科长袁丽通了电话，她们要采购两台呼吸机")["contact_name"] == "袁丽"


def test_every_vendor_in_a_comparison_list_is_a_competitor():
    lead = _lead("王总说GPS设备月底前要全部更换，已经在和中兴、华为对比。")
    assert lead["competitors"] == ["中兴", "华为"]
    assert _lead("我们在和客户、经销商一起开会")["competitors"] == []


def test_an_unpunctuated_note_keeps_the_budget_out_of_the_need():
    text = "刚从天虹商场出来信息部经理覃海说自助收银机想上二十台预算六十万左右下周二我再过去"
    assert _lead(text)["need"] == "自助收银机"


def test_a_full_name_after_a_role_before_a_meeting():
    assert _lead("明天下午四点跟华润置地的项目总监卢振宇开视频会")["contact_name"] == "卢振宇"


def test_a_forward_sender_with_a_region_and_a_role_before_the_person():
    lead = _lead("【转发】海底捞 华东区 IT负责人 Kevin：收银系统的报价收到了，下周给你回复。")
    assert (lead["company"], lead["contact_name"]) == ("海底捞", "Kevin")


@pytest.mark.parametrize(
    ("text", "flags", "competitors"),
    [
        (
            "成本部汤经理让我们把报价降到每平米80块以内，不然就用碧桂园那家供应商了。",
            ["price_objection", "competitor"],
            ["碧桂园"],
        ),
        ("供应链总监说预算2000万左右，他们在看宁德时代的方案。", ["competitor"], ["宁德时代"]),
        ("项目资金还没到位，合同签约时间待定。", ["delay"], []),
        ("三百五十万是他们的上限，再多就要上董事会了。", ["price_objection"], []),
        ("不然就用我们的方案吧", [], []),
    ],
)
def test_threats_evaluations_and_open_dates(text, flags, competitors):
    lead = _lead(text)
    assert sorted(lead["flags"]) == sorted(flags)
    assert lead["competitors"] == competitors


def test_a_colleague_addressed_at_the_start_is_no_contact():
    assert _lead("老李，帮我跟进一下九州通医药的集采项目，他们下月15号开标")["contact_name"] is None


@pytest.mark.parametrize(
    ("text", "field", "value"),
    [
        ("陪科华数据的代总去看了我们的样板工程，年前给答复", "contact_name", "代总"),
        ("陪科华数据的代总去看了我们的样板工程，年前给答复", "key_date", {"start": None, "end": "2027-02-06"}),
        ("设备部部长谭志强对我们的预测性维护平台很感兴趣", "contact_name", "谭志强"),
        ("美的集团的采购经理胡斌说压缩机检测线的项目今年不做了", "need", "压缩机检测线"),
        ("美的集团的采购经理胡斌说压缩机检测线的项目今年不做了", "flags", ["delay"]),
        ("罗总嫌我们的RFID标签单价太高", "need", "RFID标签"),
    ],
)
def test_more_notes_as_reps_write_them(text, field, value):
    assert _lead(text)[field] == value


@pytest.mark.parametrize(
    ("text", "field", "value"),
    [
        ("经发局副局长麦志明说智慧园区一期的钱已经批了", "contact_name", "麦志明"),
        ("深圳湾实验室的郑博士说流式细胞仪要进口的", "company", "深圳湾实验室"),
        ("深圳湾实验室的郑博士说流式细胞仪要进口的", "need", "流式细胞仪"),  # jieba glues 仪要
    ],
)
def test_surnames_labs_and_products_inside_glued_tokens(text, field, value):
    assert _lead(text)[field] == value


@pytest.mark.parametrize(
    ("text", "field", "value"),
    [
        ("景区票务系统要在明年五一前上线", "key_date", {"start": None, "end": "2027-05-01"}),
        ("明年国庆前交付", "key_date", {"start": None, "end": "2027-10-01"}),
        ("采购中心主任尤建华签完字了", "contact_name", "尤建华"),
        ("新客户：爱心养老院，院长江丽华，电话13761234567", "contact_name", "江丽华"),  # 长江 is a word
        ("跟进盛大游戏的IT运维经理Tony，服务器采购推迟", "company", "盛大游戏"),
    ],
)
def test_a_year_before_a_holiday_titles_before_names_and_a_follow_up_verb(text, field, value):
    assert _lead(text)[field] == value


def test_a_holiday_inside_a_name_is_no_date():
    lead = _lead("管委会的经发处想做招商大数据平台，处长是俞国庆，预计明年3月立项")
    assert lead["contact_name"] == "俞国庆"
    assert lead["key_date"] == {"start": "2027-03-01", "end": "2027-03-31"}


def test_a_contract_renewal_is_a_milestone_not_an_appointment():
    lead = _lead("客户很满意上次的交付，口头说明年续约，还想加购两套质检系统")
    assert lead["key_date"] == {"start": "2027-01-01", "end": "2027-12-31"} and lead["follow_up"] is None


@pytest.mark.parametrize(
    ("text", "flag"),
    [
        ("设备工程师陶工说AOI检测设备的误判率太高，生产线已经停了半天", "complaint"),
        ("采购员打电话催发货，说我们的逆变器比合同约定晚了一周", "complaint"),
        ("王总那边说方案还可以，就是价格得再谈谈", "price_objection"),
    ],
)
def test_faults_late_deliveries_and_price_talks(text, flag):
    assert flag in _lead(text)["flags"]


@pytest.mark.parametrize(
    ("text", "field", "value"),
    [
        ("通威股份的采购员打电话催发货", "company", "通威股份"),
        ("他持有公司的股份", "company", None),
        ("竞争对手有金蝶、用友，下周五讲标", "key_date", {"start": "2026-12-04", "end": "2026-12-04"}),
    ],
)
def test_share_companies_pronouns_and_bid_presentations(text, field, value):
    assert _lead(text)[field] == value


@pytest.mark.parametrize(
    ("text", "field", "value"),
    [
        ("明早八点半到美的总部见冼总，记得带样机", "need", None),  # a sample we bring is no need
        ("我们卖给润和物流的叉车电池续航不到标称的一半", "need", "叉车电池"),
        ("校区负责人说招生系统太难用了，老师都不愿意用", "flags", ["complaint"]),
    ],
)
def test_samples_batteries_and_hard_to_use(text, field, value):
    assert _lead(text)[field] == value


@pytest.mark.parametrize(
    ("text", "flags", "competitors"),
    [
        ("Ken said our quote is too expensive compared with Zebra.", ["competitor", "price_objection"], ["Zebra"]),
        ("Northwind complained that the printers arrived damaged.", ["complaint"], []),
        ("They are also looking at Honeywell.", ["competitor"], ["Honeywell"]),
        ("Going with the plan we agreed.", [], []),
    ],
)
def test_english_flags(text, flags, competitors):
    lead = _lead(text)
    assert sorted(lead["flags"]) == flags and lead["competitors"] == competitors


def test_an_english_follow_up_about_an_upgrade_stays_a_follow_up():
    assert _lead("Follow up with Priya at Lotus Pharma on Friday about the LIMS upgrade.")["follow_up"] == "2026-11-27"


@pytest.mark.parametrize(
    ("text", "flags", "competitors"),
    [
        ("采购部门对我们的线束报价有意见，说比立讯贵了百分之八", ["competitor", "price_objection"], ["立讯"]),
        ("政企部金经理说专线续约价格要降15%，不然就转给电信", ["competitor", "price_objection"], ["电信"]),
        ("今年的价格比去年贵了", ["price_objection"], []),
    ],
)
def test_priced_against_another_vendor(text, flags, competitors):
    lead = _lead(text)
    assert sorted(lead["flags"]) == flags and lead["competitors"] == competitors


@pytest.mark.parametrize(
    ("text", "company"),
    [("河北省人民医院信息处处长贺建新说二期明年启动", "河北省人民医院"), ("武汉光谷的一家初创公司，CEO是周博", None)],
)
def test_an_information_office_and_a_start_up(text, company):
    assert _lead(text)["company"] == company


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("联系人，郑海涛，电话13912345678", "郑海涛"),
        ("联系人, 潘丽 手机13800138000", "潘丽"),
        ("联系人，彭立新手机139", "彭立新"),
    ],
)
def test_a_label_then_a_comma_names_the_contact(text, name):
    # dictated notes put a pause (a comma) where a written note has a colon
    assert _lead(text)["contact_name"] == name


@pytest.mark.parametrize(
    ("text", "need"),
    [
        ("万科物业要确定门禁系统的供应商", "门禁系统"),
        ("客户下周敲定充电桩的方案", "充电桩"),
        ("他们还没决定CT设备的品牌", "CT设备"),
        ("学校月底选定录播系统", "录播系统"),
    ],
)
def test_a_decision_verb_is_not_part_of_the_need(text, need):
    assert _lead(text)["need"] == need


@pytest.mark.parametrize(
    ("text", "company"),
    [("刚见完新华书店的蒋经理，他们想换收银机", "新华书店"), ("聊完金桥物流的邵总，回公司", "金桥物流")],
)
def test_a_finished_visit_is_not_part_of_the_name(text, company):
    assert _lead(text)["company"] == company


@pytest.mark.parametrize(
    ("text", "competitors"),
    [
        ("宏图建设的采购说钢筋的报价比中天钢铁高了5个点", ["中天钢铁"]),
        ("他说我们的价格比别人高了不少", []),
        ("这个月的报价比上个月高了", []),
    ],
)
def test_a_price_above_another_vendors_names_it(text, competitors):
    lead = _lead(text)
    assert lead["competitors"] == competitors
    assert "price_objection" in lead["flags"]


def test_a_time_word_starting_with_a_buying_cue_is_no_need():
    # 上 of 上个月 is no 上 (install) of 上一套
    assert _lead("这个月的销量比上个月低了")["need"] is None


def test_a_decision_due_by_a_date_is_a_milestone():
    assert _lead("想给工厂买两台叉车，月底前要定。")["key_date"] == {"start": None, "end": "2026-11-30"}


@pytest.mark.parametrize(
    ("text", "complaint"),
    [
        ("设备装好一周了还没调试，你们工程师到底什么时候来？", True),
        ("货到了半个月都没安装，售后到底还要拖多久", True),
        ("客户问我们到底什么时候能报价", False),
        ("货到了还没付款", False),
    ],
)
def test_overdue_work_the_customer_presses_for_is_a_complaint(text, complaint):
    assert ("complaint" in _lead(text)["flags"]) is complaint


def test_a_result_due_by_a_date_is_a_milestone():
    lead = _lead("他们在评估SAP和我们的ERP，年底前出结果。")
    assert lead["key_date"] == {"start": None, "end": "2026-12-31"} and lead["follow_up"] is None


@pytest.mark.parametrize(
    ("text", "competitors"),
    [
        ("检验科想换一台生化分析仪，竞品是罗氏和迈瑞。", ["罗氏", "迈瑞"]),
        ("竞争对手主要是博世和一家本地厂", ["博世"]),
        ("竞品有雅培", ["雅培"]),
    ],
)
def test_listed_competitors_are_named(text, competitors):
    lead = _lead(text)
    assert lead["competitors"] == competitors and "competitor" in lead["flags"]


@pytest.mark.parametrize(
    ("text", "flagged"),
    [
        ("觉得我们的报价偏高，隔壁那家才一块二一套。", True),
        ("对面那家报价比我们低两成", True),
        ("我们隔壁那家店生意很好", False),
        ("客户是隔壁家的老板", False),
    ],
)
def test_a_vendor_next_door_offering_a_price_is_a_competitor(text, flagged):
    assert ("competitor" in _lead(text)["flags"]) is flagged


@pytest.mark.parametrize(
    ("text", "contact"),
    [
        ("老周，明天上午帮我去趟恒通机械，把合同盖章版拿回来。", None),
        ("小吴，下周三你跟一下华星电子的报价", None),
        ("老周，明天上午去了恒通机械", "老周"),  # no request: 老周 is who the note is about
    ],
)
def test_a_colleague_asked_for_something_after_a_time_is_no_contact(text, contact):
    assert _lead(text)["contact_name"] == contact


@pytest.mark.parametrize("text", ["【转发】市三中 总务处 梁主任：报价收到了", "人大附中的老师"])
def test_numbered_and_affiliated_schools_are_education(text):
    assert _lead(text)["industry"] == "教育"


def test_spoken_competitor_list_and_brewery_industry():
    lead = _lead("就是 那个 青岛啤酒的设备处 想上一条新的灌装线 明年二月份招标 竞争的有克朗斯")
    assert lead["competitors"] == ["克朗斯"] and lead["flags"] == ["competitor"]
    assert lead["industry"] == "制造"


def test_a_bus_maker_is_automotive():
    assert _lead("金龙客车的毛工说电机控制器故障率有点高")["industry"] == "汽车"


@pytest.mark.parametrize(
    ("text", "company"),
    [
        ("嗯 那个 刚从华润万家出来 他们采购部的潘经理说 电子价签想先试点五家店", "华润万家"),
        ("刚从海底捞总部回来，他们想换排队系统", "海底捞"),
        ("刚从客户那边出来，累死了", None),
        ("刚从公司出来，下午去拜访", None),
        ("刚从家里出来", None),
    ],
)
def test_the_place_a_visit_just_ended_is_the_customer(text, company):
    assert _lead(text)["company"] == company


@pytest.mark.parametrize(
    ("text", "competitors", "need"),
    [
        ("学校想换投影仪，下周报价", [], "投影仪"),  # a product bought anew is no vendor
        ("刚从海底捞总部回来，他们想换排队系统", [], "排队系统"),
        ("嘉禾百货的冯经理说准备换成长亮科技的系统", ["长亮科技"], None),
        ("想换成海康的摄像机", ["海康"], "海康的摄像机"),
        ("他们打算换金蝶", ["金蝶"], None),
    ],
)
def test_switching_to_a_vendor_or_to_a_product(text, competitors, need):
    lead = _lead(text)
    assert lead["competitors"] == competitors
    assert ("competitor" in lead["flags"]) is bool(competitors)
    if need:
        assert lead["need"] == need


def test_what_an_old_product_is_replaced_with_is_the_need():
    lead = _lead("客户想把普通门锁换成智能门锁")
    assert lead["need"] == "智能门锁" and lead["competitors"] == [] and lead["flags"] == []


@pytest.mark.parametrize(
    ("text", "amount"), [("预算 300 万，年后启动", 3_000_000), ("总价 1.5 亿", 150_000_000), ("预算300 万", 3_000_000)]
)
def test_a_space_before_the_unit_keeps_the_unit(text, amount):
    assert _lead(text)["budget"] == {"min": amount, "max": amount, "currency": "CNY"}


def test_a_sorting_line_is_a_product():
    assert _lead("他们分拣中心要上自动分拣线，预算一千万以内")["need"] == "自动分拣线"


@pytest.mark.parametrize(
    ("text", "competitors", "flags"),
    [
        ("Client said our price is 15% higher than Zebra.", ["Zebra"], ["competitor", "price_objection"]),
        ("Their quote came in cheaper than Honeywell.", ["Honeywell"], ["competitor"]),
        ("Their volume is higher than Acme expected.", [], []),
    ],
)
def test_english_price_against_another_vendor(text, competitors, flags):
    lead = _lead(text)
    assert lead["competitors"] == competitors and sorted(lead["flags"]) == flags


@pytest.mark.parametrize(
    ("text", "key_date"),
    [
        ("They need a decision by end of Q1.", {"start": None, "end": "2027-03-31"}),
        ("Tender expected in Q2.", {"start": "2027-04-01", "end": "2027-06-30"}),
        ("They will sign by the end of the first quarter.", {"start": None, "end": "2027-03-31"}),
        ("Go-live in the 4th quarter.", {"start": "2026-10-01", "end": "2026-12-31"}),  # said in November
    ],
)
def test_english_quarters(text, key_date):
    assert _lead(text)["key_date"] == key_date


@pytest.mark.parametrize(
    ("text", "key_date"),
    [
        ("幼儿园说明年开学前要上一套智慧校园系统", {"start": None, "end": "2027-03-01"}),
        ("开学前要到货", {"start": None, "end": "2027-03-01"}),
        ("暑假前完成交付", {"start": None, "end": "2027-07-01"}),  # before the holiday starts
        ("寒假前要装完", {"start": None, "end": "2027-01-20"}),
        ("明年暑假要上线", {"start": "2027-07-01", "end": "2027-08-31"}),
    ],
)
def test_school_calendar_dates(text, key_date):
    assert _lead(text)["key_date"] == key_date


def test_a_reminder_to_email_the_buyer_is_a_follow_up_with_the_buyers_organisation():
    lead = _lead("明天记得给永和大王的采购回个邮件，附上报价单，邮箱 purchase@yonghe.com。")
    assert lead["follow_up"] == "2026-11-25" and lead["key_date"] is None
    assert lead["company"] == "永和大王"


@pytest.mark.parametrize(
    ("text", "objection"),
    [
        ("吴老板嫌我们的收银系统月费贵", True),
        ("年费有点贵，能不能少点", True),
        ("客户嫌麻烦，不想换", False),
        ("费用不贵", False),
    ],
)
def test_a_fee_called_dear_is_a_price_objection(text, objection):
    assert ("price_objection" in _lead(text)["flags"]) is objection


@pytest.mark.parametrize(
    ("text", "need"), [("物资部：配电自动化终端采购项目", "配电自动化终端"), ("设备科：配药机器人招标", "配药机器人")]
)
def test_a_word_starting_with_a_verb_character_keeps_it(text, need):
    # 配 alone is a verb (`配一套`), but 配电 is a word
    assert _lead(text)["need"] == need


def test_a_competitor_named_twice_is_listed_once():
    lead = _lead("在对比奥林巴斯和你们的方案，你们的报价比奥林巴斯高了将近20%")
    assert lead["competitors"] == ["奥林巴斯"]


@pytest.mark.parametrize(
    ("text", "company"),
    [
        ("市一中信息中心的赵老师反映录播系统没声音", "市一中"),
        ("县医院的刘院长想上一台CT", "县医院"),
        ("【转发】市三中 总务处 梁主任：报价收到了", "市三中"),
        ("本医院的设备都很旧", None),
    ],
)
def test_an_administrative_level_alone_may_start_an_organisation(text, company):
    assert _lead(text)["company"] == company


@pytest.mark.parametrize(
    ("text", "field", "value"),
    [
        ("致远机械的周建国要来我们工厂参观，时间定在下周四上午十点。", "follow_up", "2026-12-03T10:00"),
        ("华东医院的CT招标，时间定在下月15号。", "key_date", {"start": "2026-12-15", "end": "2026-12-15"}),
    ],
)
def test_a_clause_that_sets_the_time_takes_the_event_before_it(text, field, value):
    assert _lead(text)[field] == value


@pytest.mark.parametrize(
    ("text", "key_date"),
    [
        ("他说包装线的项目领导还在犹豫，可能要推迟到明年上半年。", None),  # no milestone named
        ("客户说招标推迟到明年3月", {"start": "2027-03-01", "end": "2027-03-31"}),
        ("项目原定本月签约，现在推迟到明年一季度", {"start": "2027-01-01", "end": "2027-03-31"}),
    ],
)
def test_a_postponement_is_a_milestone_only_when_one_is_named(text, key_date):
    lead = _lead(text)
    assert lead["key_date"] == key_date and "delay" in lead["flags"]


@pytest.mark.parametrize(
    ("text", "competitors", "flagged"),
    [
        ("那个顺丰的王经理说他们现在用的是菜鸟的系统不太好用想换", ["菜鸟"], True),
        ("之前用的是纸质台账", [], False),  # paper is no vendor
        ("现在用的是我们的系统", [], False),
    ],
)
def test_the_vendor_in_use_now_is_named(text, competitors, flagged):
    lead = _lead(text)
    assert lead["competitors"] == competitors and ("competitor" in lead["flags"]) is flagged


def test_a_product_word_in_the_text_says_nothing_of_the_buyers_industry():
    # 仓储管理系统 is what a seasoning maker buys, not a logistics company
    assert _lead("刚跟海天味业的采购聊完，他们想上一套仓储管理系统")["industry"] == "制造"
