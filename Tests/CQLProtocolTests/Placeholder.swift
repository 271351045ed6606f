import CQLProtocol
import Testing

@Test("placeholder until the codec lands") func placeholder() {}
