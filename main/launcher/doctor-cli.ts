/** Entry point of `npm run doctor [-- --json]` (see doctor.ts). */
import { doctorReport, formatDoctorReport } from './doctor';
import { projectRoot } from './project-root';

const report = await doctorReport(projectRoot);
process.stdout.write(process.argv.includes('--json') ? `${JSON.stringify(report, null, 2)}\n` : `${formatDoctorReport(report, projectRoot)}\n`);
process.exitCode = report.browserModeCanStart ? 0 : 1;
