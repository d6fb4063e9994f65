#!/usr/bin/env bash
# Codes stay in the data, labels face people: listings and record pages for people show each
# choice, vocabulary and tag code, and each yes/no, by its label in the chosen language;
# csv/tsv/json keep the codes (tags a JSON array, yes/no 1/0). Input takes the labels, common
# spellings and full-width digits.
. "$(dirname "$0")/lib.sh"
make_registry

# Labels and spellings typed the way office staff type them.
run_zh person add --name 王秀英 --gender 女 --residency 流动人口 --tags 独居老人，低保 --household ３-２-５０１ --phone １３９１２３４５６７８
expect_rc 0
run --format csv person list --fields name,gender,residency,tags,household,phone --reveal
expect_out '王秀英,F,floating,"elderly-alone,low-income",3-2-501,13912345678'
run person add --name 李四 --gender male --residency "floating population" --household "3栋2单元502室"
expect_rc 0
run --format csv person list --fields name,gender,residency,household
expect_out '李四,M,floating,3-2-502'
# A reference typed as the Chinese address, or with a trailing 室, finds the household.
run --format csv person list --household "3栋2单元501室" --fields name
expect_out '王秀英'
run --format csv person list --household "3-2-501室" --fields name
expect_out '王秀英'
# Filters take labels too.
run_zh --format tsv person list --residency 流动人口 --tag 独居老人 --fields name
expect_out_eq $'name\n王秀英'

# People see labels; machines see codes.
run_zh --format table person list --fields name,gender,residency,tags
expect_out '王秀英  女    流动人口  独居老人、低保'
run --format md person list --fields name,gender,residency
expect_out '| 王秀英 | female | floating population |'
run_zh --format table person show 王秀英
expect_out '性别      女'
expect_out '标签      独居老人、低保'
run --format json person show 王秀英
expect_out '"gender": "F"'
expect_out '"residency": "floating"'
run --format jsonl person list --fields name,tags
expect_out '{"name":"王秀英","tags":["elderly-alone","low-income"]}'
expect_out '{"name":"李四","tags":[]}'
run --format tsv person list --fields name,gender
expect_out $'王秀英\tF'

# An unknown value lists the choices with their labels, in the language.
remember shequ.sqlite
run_zh person add --name 赵六 --gender 男士
expect_rc 65
expect_err '“男士”不是以下之一：M（男）、F（女）'
run person add --name 赵六 --tags lonely
expect_rc 65
expect_err '"lonely" is not a person-tag code (valid: elderly-alone (Elderly living alone), '
expect_unchanged shequ.sqlite

# A case's sheet and messages: types, statuses and timeline steps by their labels.
run case open --title 漏水 --type 邻里纠纷 --grid 03 --party applicant:王秀英 --party respondent:李四
expect_rc 0
number=$OUT
run_zh case session "$number" --method warm-heart
expect_err "$number：调解中"
run_zh --format table case show "$number"
expect_out '纠纷类型      邻里纠纷'
expect_out '状态          调解中'
expect_out '受理'
expect_out '申请人'
expect_no_out 'neighbour'
expect_no_out 'mediating'
run --format csv case show "$number"
expect_out 'neighbour'

# A yes/no field reads 是/否 (yes/no) in table, md and html, and stays 1/0 in csv, tsv and json.
run partner add --name 神泉小学 --type school
expect_rc 0
run partner add --name 龙湖医院 --type hospital --active no
expect_rc 0
run_zh --format table partner list --fields name,active
expect_out '神泉小学  是'
expect_out '龙湖医院  否'
run --format table partner list --fields name,active
expect_out '神泉小学  yes'
expect_out '龙湖医院  no'
run_zh --format md partner list --fields name,active
expect_out '| 神泉小学 | 是 |'
run --format html partner list --fields name,active
expect_out '<td>no</td>'
run_zh --format table partner show 龙湖医院
expect_out '在共建    否'
run --format csv partner list --fields name,active
expect_out '神泉小学,1'
expect_out '龙湖医院,0'
expect_no_out '是'
run --format tsv partner list --fields name,active
expect_out $'龙湖医院\t0'
run --format json partner list --fields name,active
expect_out '"active": 0'
finish
