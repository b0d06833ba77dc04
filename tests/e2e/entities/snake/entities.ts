import { Column, CreateDateColumn, Entity, JoinTable, ManyToMany, ManyToOne, OneToMany, PrimaryGeneratedColumn } from "typeorm";

export class Money {
  @Column({ type: "numeric", precision: 12, scale: 2, default: 0 })
  amountValue: string;

  @Column({ length: 3, default: "NZD" })
  currencyCode: string;
}

@Entity()
export class BillingAccount {
  @PrimaryGeneratedColumn("uuid")
  accountId: string;

  @Column()
  displayName: string;

  @Column(() => Money)
  creditLimit: Money;

  @CreateDateColumn()
  createdAt: Date;

  @OneToMany(() => InvoiceLine, (line) => line.billingAccount)
  invoiceLines: InvoiceLine[];

  @ManyToMany(() => Tag)
  @JoinTable()
  accountTags: Tag[];
}

@Entity()
export class InvoiceLine {
  @PrimaryGeneratedColumn()
  lineId: number;

  @ManyToOne(() => BillingAccount, (a) => a.invoiceLines, { onDelete: "CASCADE" })
  billingAccount: BillingAccount;

  @Column({ nullable: true })
  lineNote: string;
}

@Entity()
export class Tag {
  @PrimaryGeneratedColumn()
  tagId: number;

  @Column({ unique: true })
  tagName: string;
}
