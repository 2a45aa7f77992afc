import { Field, InputType, ObjectType, registerEnumType } from "type-graphql";
import { BankAccountType, PixKeyType } from "./payment-details";

registerEnumType(PixKeyType, {
  name: "PixKeyType",
  description: "The kind of a PIX key; the key is validated for the kind given.",
  valuesConfig: {
    CPF: { description: "A CPF (11 digits, check digits verified)." },
    CNPJ: { description: "A CNPJ (14 digits, check digits verified)." },
    EMAIL: { description: "An e-mail address, up to 77 characters." },
    PHONE: { description: "A Brazilian mobile number, with area code (+55 optional)." },
    RANDOM: { description: "A random key (EVP): a UUID." },
  },
});
registerEnumType(BankAccountType, {
  name: "BankAccountType",
  description: "The kind of a bank account.",
  valuesConfig: {
    CHECKING: { description: "Conta corrente." },
    SAVINGS: { description: "Conta poupança." },
    PAYMENT: { description: "Conta de pagamento." },
  },
});

@InputType({ description: "A PIX key." })
export class PixKeyInput {
  @Field(() => PixKeyType, { description: "What kind of key it is." })
  keyType!: PixKeyType;

  @Field({ description: "The key, validated for keyType." })
  key!: string;
}

@InputType({ description: "A Brazilian bank account." })
export class BankAccountInput {
  @Field({ description: "The bank's 3-digit COMPE code (see `banks`)." })
  bankCode!: string;

  @Field({ description: "The branch (agência): 1 to 5 digits, optionally followed by -digit." })
  branch!: string;

  @Field({ description: 'The account number with its check digit, e.g. "12345-6"; checked with the bank\'s rule.' })
  account!: string;

  @Field(() => BankAccountType, { description: "Checking, savings or payment account." })
  accountType!: BankAccountType;

  @Field({ description: "The account holder's name, up to 120 characters." })
  holderName!: string;

  @Field({ description: "The holder's CPF or CNPJ." })
  holderDocument!: string;
}

@ObjectType({ description: "A Brazilian bank from the Banco Central list." })
export class Bank {
  @Field({ description: "3-digit COMPE code." })
  code!: string;

  @Field({ description: "The bank's name as Banco Central publishes it." })
  name!: string;
}
