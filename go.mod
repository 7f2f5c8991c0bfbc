module jixiao

go 1.26

require (
	github.com/BurntSushi/toml v1.6.0 // indirect
	github.com/shopspring/decimal v1.6.0 // indirect
)
