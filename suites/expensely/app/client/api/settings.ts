import type { BankAccountDto, PreferencesDto, UserDto } from '../../shared/api-types.ts';
import { del, get, patch, post } from './http.ts';

export function updateProfile(input: { name: string; email: string }): Promise<UserDto> {
  return patch<UserDto>('/api/settings/profile', input);
}

export function changePassword(currentPassword: string, newPassword: string): Promise<void> {
  return post<void>('/api/settings/password', { currentPassword, newPassword });
}

export function updatePreferences(input: Partial<PreferencesDto>): Promise<PreferencesDto> {
  return patch<PreferencesDto>('/api/settings/preferences', input);
}

export async function listBankAccounts(): Promise<BankAccountDto[]> {
  return (await get<{ items: BankAccountDto[] }>('/api/settings/bank-accounts')).items;
}

export function addBankAccount(input: {
  holderName: string;
  bankName: string;
  routingNumber: string;
  accountNumber: string;
}): Promise<BankAccountDto> {
  return post<BankAccountDto>('/api/settings/bank-accounts', input);
}

export async function makeDefaultBankAccount(accountId: number): Promise<BankAccountDto[]> {
  return (
    await post<{ items: BankAccountDto[] }>(`/api/settings/bank-accounts/${accountId}/default`)
  ).items;
}

export async function removeBankAccount(accountId: number): Promise<BankAccountDto[]> {
  return (await del<{ items: BankAccountDto[] }>(`/api/settings/bank-accounts/${accountId}`)).items;
}
