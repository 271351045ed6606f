import CQL
import Testing

@Test("type names as CQL spells them") func typeNames() {
    #expect(CQLType.map(.text, .list(.int)).description == "map<text, list<int>>")
    #expect(CQLType.frozen(.set(.uuid)).optionID == 0x0022)
}
